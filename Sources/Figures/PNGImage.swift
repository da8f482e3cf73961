import CZlib
import Foundation

/// A PNG picture read back: its size and how much of it is not background. What the
/// tests and `FigureRenderer`'s callers use to tell a drawn figure from an empty or broken
/// file, without trusting that a file with a `.png` name is a picture.
public struct PNGImage: Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Pixels whose colour differs from the top-left pixel's (the background).
    public let markedPixels: Int
    /// Distinct colours among the first 4096 of those pixels (a figure has several).
    public let colors: Int

    /// Why a file is not a PNG this reader understands.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        /// What is wrong, for a person.
        public let description: String
    }

    /// Reads the PNG at `path`: 8-bit RGB or RGBA, not interlaced (what gnuplot's pngcairo writes).
    public init(path: String) throws {
        guard let bytes = FileManager.default.contents(atPath: path).map(Array.init) else {
            throw Invalid(description: "cannot read \(path)")
        }
        try self.init(bytes: bytes)
    }

    /// Reads a PNG from its bytes.
    public init(bytes: [UInt8]) throws {
        let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]
        guard bytes.count > 33, Array(bytes[0..<8]) == signature else { throw Invalid(description: "not a PNG file") }
        func word(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        var position = 8
        var header: (width: Int, height: Int, depth: UInt8, colorType: UInt8, interlace: UInt8)?
        var compressed: [UInt8] = []
        var ended = false
        while position + 8 <= bytes.count {
            let length = word(position)
            let type = String(decoding: bytes[position + 4..<position + 8], as: UTF8.self)
            let start = position + 8
            guard length >= 0, start + length + 4 <= bytes.count else { throw Invalid(description: "a \(type) chunk runs past the end of the file") }
            let stored = UInt32(word(start + length))
            let computed = bytes[position + 4..<start + length].withUnsafeBufferPointer {
                UInt32(crc32(0, $0.baseAddress, UInt32($0.count)))
            }
            guard stored == computed else { throw Invalid(description: "the \(type) chunk's checksum is wrong") }
            switch type {
            case "IHDR":
                header = (word(start), word(start + 4), bytes[start + 8], bytes[start + 9], bytes[start + 12])
            case "IDAT":
                compressed += bytes[start..<start + length]
            case "IEND":
                ended = true
            default:
                break
            }
            position = start + length + 4
            if ended { break }
        }
        guard let header, ended else { throw Invalid(description: "the file has no IHDR or no IEND chunk") }
        guard header.depth == 8, header.colorType == 2 || header.colorType == 6, header.interlace == 0 else {
            throw Invalid(description: "only 8-bit RGB or RGBA pictures without interlacing are read (depth \(header.depth), colour type \(header.colorType))")
        }
        guard header.width > 0, header.height > 0, header.width < 1 << 15, header.height < 1 << 15 else {
            throw Invalid(description: "a picture of \(header.width) by \(header.height) pixels")
        }
        let channels = header.colorType == 6 ? 4 : 3
        let rowBytes = header.width * channels
        let raw = try Self.inflate(compressed, expected: (rowBytes + 1) * header.height)
        let pixels = try Self.unfilter(raw, rowBytes: rowBytes, height: header.height, channels: channels)
        width = header.width
        height = header.height
        // Each pixel's channels packed into one number (at most four bytes): no array per pixel.
        func pixel(at index: Int) -> UInt32 {
            (0..<channels).reduce(UInt32(0)) { $0 << 8 | UInt32(pixels[index + $1]) }
        }
        let background = pixel(at: 0)
        var marked = 0
        var seen = Set<UInt32>()
        for index in stride(from: 0, to: pixels.count, by: channels) {
            let value = pixel(at: index)
            if value != background {
                marked += 1
                if seen.count < 4096 { seen.insert(value) }
            }
        }
        markedPixels = marked
        colors = seen.count
    }

    private static func inflate(_ input: [UInt8], expected: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expected)
        var length = uLongf(expected)
        let status = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        guard status == Z_OK, Int(length) == expected else {
            throw Invalid(description: "the image data does not inflate to \(expected) bytes (zlib status \(status))")
        }
        return output
    }

    /// Undoes PNG's per-row filters (none, sub, up, average, Paeth).
    private static func unfilter(_ raw: [UInt8], rowBytes: Int, height: Int, channels: Int) throws -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: rowBytes * height)
        for row in 0..<height {
            let filter = raw[row * (rowBytes + 1)]
            let source = row * (rowBytes + 1) + 1, target = row * rowBytes
            for column in 0..<rowBytes {
                let x = Int(raw[source + column])
                let left = column >= channels ? Int(pixels[target + column - channels]) : 0
                let up = row > 0 ? Int(pixels[target - rowBytes + column]) : 0
                let upLeft = row > 0 && column >= channels ? Int(pixels[target - rowBytes + column - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = left
                case 2: predicted = up
                case 3: predicted = (left + up) / 2
                case 4:
                    let p = left + up - upLeft
                    let (pa, pb, pc) = (abs(p - left), abs(p - up), abs(p - upLeft))
                    predicted = pa <= pb && pa <= pc ? left : (pb <= pc ? up : upLeft)
                default: throw Invalid(description: "row \(row) has an unknown filter \(filter)")
                }
                pixels[target + column] = UInt8((x + predicted) & 0xFF)
            }
        }
        return pixels
    }
}
