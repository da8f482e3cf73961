// zlib, to read back the PNG pictures gnuplot draws (see Sources/Figures/PNGImage.swift).
#include <zlib.h>
