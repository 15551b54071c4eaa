/// How a candidate can travel to work.
public enum TransportMode: String, Codable, Sendable, CaseIterable, Hashable {
    case car = "voiture"
    case transit = "transport_en_commun"
    case bike = "velo"
    case walk = "marche"

    @inline(__always) public var bit: UInt8 { 1 << UInt8(index) }
    @inline(__always) public var index: Int {
        switch self {
        case .car: 0
        case .transit: 1
        case .bike: 2
        case .walk: 3
        }
    }
}

/// A set of transport modes as a 4-bit mask.
public struct TransportModes: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ modes: [TransportMode]) { self.init(rawValue: modes.reduce(0) { $0 | $1.bit }) }
    public var modes: [TransportMode] { TransportMode.allCases.filter { rawValue & $0.bit != 0 } }
}
