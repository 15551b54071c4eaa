// swift-tools-version: 6.1
import PackageDescription

/// Language settings of every target: explicit `any`, members visible only from modules a file imports,
/// imports internal unless a module's API exposes the imported types.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Apparier",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MatchCore", targets: ["MatchCore"]),
        .library(name: "MatchData", targets: ["MatchData"]),
        .library(name: "MatchStore", targets: ["MatchStore"]),
        .library(name: "MatchLab", targets: ["MatchLab"]),
        .library(name: "MatchService", targets: ["MatchService"]),
        .executable(name: "apparier", targets: ["apparier"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
    ],
    targets: [
        // CBLAS from libblas-dev; Debian's libblas.so.3 alternative selects the implementation
        // (reference BLAS, or OpenBLAS once libopenblas0-pthread is installed).
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            providers: [.apt(["libblas-dev", "libopenblas0-pthread"])]
        ),
        // Vectors, scoring, constraints, top-k, explanations. No I/O.
        .target(name: "MatchCore", dependencies: ["CBLAS"]),
        // Files: referential CSVs, offer/candidate JSON, models/, demo data, output formats.
        .target(
            name: "MatchData",
            dependencies: ["MatchCore"]
        ),
        // The embedded store: SQLite through GRDB (migrations, imports, shortlists, audit, erasure).
        .target(
            name: "MatchStore",
            dependencies: [
                "MatchCore", "MatchData",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `apparier serve`: the JSON API over the store (Hummingbird), with the live index and its snapshot,
        // and the assistants' desk (French HTML from Mustache templates, sessions and bcrypt passwords).
        .target(
            name: "MatchService",
            dependencies: [
                "MatchCore", "MatchData", "MatchStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Desk/Templates")]
        ),
        // The regional generator, the evaluation and the demo data set: what benchmarks and studies use,
        // not what a matching application links.
        .target(name: "MatchLab", dependencies: ["MatchCore", "MatchData"]),
        // Seeded generators and the plain reference scorer used by the tests.
        .target(name: "MatchTestSupport", dependencies: ["MatchCore"]),
        // What every command shares: notes, the progress display, one-line failures.
        .target(
            name: "ApparierCommandSupport",
            dependencies: ["MatchCore", "MatchData", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // `apparier bench` and `apparier import bench`: measurements, kept out of the commands users run.
        .target(
            name: "ApparierBench",
            dependencies: [
                "ApparierCommandSupport", "MatchCore", "MatchData", "MatchStore", "MatchLab",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "apparier",
            dependencies: [
                "ApparierCommandSupport", "ApparierBench", "MatchCore", "MatchData", "MatchStore", "MatchLab",
                "MatchService", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MatchCoreTests", dependencies: ["MatchCore", "MatchTestSupport"]),
        .testTarget(name: "MatchDataTests", dependencies: ["MatchCore", "MatchData", "MatchTestSupport"]),
        .testTarget(name: "MatchLabTests", dependencies: ["MatchCore", "MatchData", "MatchLab", "MatchTestSupport"]),
        .testTarget(name: "MatchStoreTests", dependencies: ["MatchCore", "MatchData", "MatchStore"]),
        .testTarget(name: "ApparierCLITests", dependencies: ["apparier", "MatchCore"]),
        .testTarget(
            name: "MatchServiceTests",
            dependencies: [
                "MatchCore", "MatchData", "MatchStore", "MatchService", "MatchLab",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + strictSettings
}
