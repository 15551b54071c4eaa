/// Why a candidate was left out. Each excluded candidate is counted once, under the first reason
/// in this order.
public enum ExclusionReason: String, Codable, Sendable, CaseIterable, Hashable {
    case travel, licence, language, contract, availability, diploma, experience, essentialSkills
    @inline(__always) var index: Int {
        switch self {
        case .travel: 0
        case .licence: 1
        case .language: 2
        case .contract: 3
        case .availability: 4
        case .diploma: 5
        case .experience: 6
        case .essentialSkills: 7
        }
    }
}
