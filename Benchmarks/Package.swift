// swift-tools-version: 6.1
// Benchmark suites of Apparier (ordo-one/benchmark). A package of its own, so that users of the
// library never resolve the benchmark harness. Run from this folder:
//   swift package --disable-sandbox benchmark
import PackageDescription

let package = Package(
    name: "ApparierBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Apparier", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "MatchBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MatchCore", package: "Apparier"),
                .product(name: "MatchData", package: "Apparier"),
                .product(name: "MatchStore", package: "Apparier"),
                .product(name: "MatchLab", package: "Apparier"),
            ],
            path: "Benchmarks/MatchBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
