package import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Gives back the memory of a file's bytes already read, when the bytes are mapped from the file.
///
/// An import maps its file (``RecordReader/read(_:file:)``) and reads it in one pass per core; the pages
/// behind each reader are dropped from the process (`madvise(MADV_DONTNEED)`), so that a 500 MB file does
/// not stay resident beside the records read from it. Dropped pages are still the file's: touching them
/// again (to quote a rejected record) reads them back from the page cache.
///
/// Dropping pages of memory that is *not* mapped from a file would zero them, so a release only happens
/// when the kernel's map of the process (`/proc/self/maps`) shows that the whole buffer lies in one
/// mapping of a file; bytes in ordinary memory (a request body, a test's `Data`) are never touched.
///
///     let data = try Data(contentsOf: url, options: .alwaysMapped)
///     let pages = MappedPages(data)
///     data.withUnsafeBytes { bytes in
///         // … read bytes[0..<n] …
///         pages.release(bytes, upTo: n)
///     }
///
/// Written by hand: Foundation's `Data` has no way to give back the pages of a mapped file it has read.
/// On systems other than Linux a release does nothing.
package struct MappedPages: Sendable {
    /// How far a reader goes between two releases: large enough that the system calls cost nothing
    /// measurable, small enough that two readers hold little of the file.
    package static let stride = 8 << 20

    /// Whether the bytes were found in a mapping of a file.
    package let isFileMapped: Bool

    /// Looks `data` up in the process's map.
    package init(_ data: Data) {
        isFileMapped = data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
            return MappedPages.inFileMapping(UInt(bitPattern: base), count: UInt(bytes.count))
        }
    }

    /// Drops the whole pages of `bytes[from..<upTo]` (offsets in `bytes`), if the bytes are file-mapped.
    package func release(_ bytes: UnsafeRawBufferPointer, from start: Int = 0, upTo end: Int) {
        #if os(Linux)
        guard isFileMapped, let base = bytes.baseAddress, end > start else { return }
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let lo = (UInt(bitPattern: base) + UInt(max(0, start)) + page - 1) / page * page
        let hi = (UInt(bitPattern: base) + UInt(min(end, bytes.count))) / page * page
        guard hi > lo, let pointer = UnsafeMutableRawPointer(bitPattern: lo) else { return }
        _ = madvise(pointer, Int(hi - lo), MADV_DONTNEED)
        #endif
    }

    /// Whether `[address, address + count)` lies inside one line of `/proc/self/maps` that names a file.
    private static func inFileMapping(_ address: UInt, count: UInt) -> Bool {
        #if os(Linux)
        guard let maps = KernelFile.text("/proc/self/maps") else { return false }
        for line in maps.split(separator: "\n") {
            // 7f1c2a000000-7f1c4a000000 r--p 00000000 fd:01 1234567   /data/candidats.json
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[5].hasPrefix("/"), fields[4] != "0" else { continue }
            let bounds = fields[0].split(separator: "-").compactMap { UInt($0, radix: 16) }
            if bounds.count == 2, bounds[0] <= address, address + count <= bounds[1] { return true }
        }
        #endif
        return false
    }
}

extension MappedPages {
    /// A pass forward through `bytes`: the pages behind it are given back a stride at a time, the rest
    /// when it is finished.
    ///
    ///     var reading = pages.reading(bytes)
    ///     while i < bytes.count { …; reading.passed(i) }
    ///     reading.finish(at: bytes.count)
    package struct Reading {
        private let pages: MappedPages
        private let bytes: UnsafeRawBufferPointer
        private var released: Int

        fileprivate init(pages: MappedPages, bytes: UnsafeRawBufferPointer, start: Int) {
            self.pages = pages; self.bytes = bytes; released = start
        }

        /// The pass has read every byte before `offset`.
        @inline(__always)
        package mutating func passed(_ offset: Int) {
            guard offset - released >= MappedPages.stride else { return }
            pages.release(bytes, from: released, upTo: offset)
            released = offset
        }

        /// Gives back what is left up to `end`.
        package func finish(at end: Int) { pages.release(bytes, from: released, upTo: end) }
    }

    /// A pass through `bytes` from offset `start`.
    package func reading(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Reading {
        Reading(pages: self, bytes: bytes, start: start)
    }

    /// A pass through the bytes of `buffer`; see ``reading(_:from:)-(UnsafeRawBufferPointer,_)``.
    package func reading(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Reading {
        Reading(pages: self, bytes: UnsafeRawBufferPointer(buffer), start: start)
    }
}

/// Files of `/proc`, whose size is given as 0: Foundation reads them only up to their first page.
package enum KernelFile {
    /// The text of the file at `path`, read to its end; nil when it cannot be read.
    package static func text(_ path: String) -> String? {
        #if os(Linux)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](), chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n >= 0 else { return nil }
            if n == 0 { return String(decoding: bytes, as: UTF8.self) }
            bytes += chunk[..<n]
        }
        #else
        return nil
        #endif
    }
}
