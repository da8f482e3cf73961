#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu 22.04),
# with the zip's contents (GradLab's package) in /autograder/source.
set -euo pipefail
cd /autograder/source

# Swift 6.3 from swift.org, with the packages its toolchain needs on Ubuntu 22.04.
if ! command -v swift >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        binutils ca-certificates curl git gnupg2 libc6-dev libcurl4-openssl-dev libedit2 libgcc-11-dev \
        libpython3-dev libsqlite3-0 libstdc++-11-dev libxml2-dev libncurses-dev libz3-dev tzdata unzip zlib1g-dev
    release=swift-6.3-RELEASE
    curl -fsSL "https://download.swift.org/swift-6.3-release/ubuntu2204/$release/$release-ubuntu22.04.tar.gz" | tar -xz -C /opt
    ln -sfn "/opt/$release-ubuntu22.04/usr/bin/"* /usr/local/bin/
fi

bash scripts/install-deps.sh
bash Platforms/build-image.sh
# Hidden checks shipped in the zip go where only root can read them.
if [ -d hidden ]; then
    chmod -R go-rwx hidden
fi
# A submission runs as another user (or inside bubblewrap's walls): the package is closed to it.
chmod 700 /autograder/source
