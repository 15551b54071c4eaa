/// France Travail contract type codes (`typeContrat`) as bits of a 16-bit mask.
///
/// Codes outside the list share the `other` bit. An empty list of accepted contracts means
/// "any contract".
///
///     ContractTypes(codes: ["CDI", "MIS"]).contains(ContractTypes(codes: ["MIS"]))   // true
public struct ContractTypes: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let codes = ["CDI", "CDD", "MIS", "SAI", "LIB", "FRA", "CCE", "DDI", "DIN", "TTI", "REP", "PR"]
    public static let other = ContractTypes(rawValue: 1 << 15)
    public static let any = ContractTypes(rawValue: .max)

    public init(codes: [String]) {
        self.init(rawValue: codes.reduce(0) { mask, code in
            let key = code.uppercased()
            if let bit = ContractTypes.codes.firstIndex(of: key) { return mask | (1 << UInt16(bit)) }
            return mask | ContractTypes.other.rawValue
        })
    }
}
