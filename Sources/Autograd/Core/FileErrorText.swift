import Foundation

/// Turns a Foundation file error into the few words a person needs ("no such file or
/// directory", "permission denied"), instead of the error's debug dump.
public enum FileErrorText {
    /// The reason `error` gives, from its POSIX code where it has one.
    public static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError
        for candidate in [nsError, underlying].compactMap({ $0 }) where candidate.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(candidate.code))).lowercased()
        }
        switch CocoaError.Code(rawValue: nsError.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on device"
        case .fileReadCorruptFile: return "the file could not be read"
        default: return nsError.localizedDescription
        }
    }
}
