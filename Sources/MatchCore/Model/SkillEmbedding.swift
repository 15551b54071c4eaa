/// Dense vectors for ROME items and fiches, learned from the fiche ↔ item links: items that share
/// fiches come out close. Rows are L2-normalised (an item without any link has a zero row).
///
/// A profile (a candidate's skills, an offer's competences) is the normalised weighted sum of its
/// items' vectors, so the dot product of two profiles is their cosine.
///
///     let v = embedding.profile(of: [("100341", 2), ("102405", 1)])
public struct SkillEmbedding: Sendable {
    public let version: String
    public let dimension: Int
    public let itemCodes: [String]
    /// `itemCodes.count × dimension`, row-major.
    public let itemVectors: [Float]
    public let ficheCodes: [String]
    /// `ficheCodes.count × dimension`, row-major.
    public let ficheVectors: [Float]
    public let itemRow: [String: Int32]
    public let ficheRow: [String: Int32]

    public init(version: String, dimension: Int, itemCodes: [String], itemVectors: [Float],
                ficheCodes: [String], ficheVectors: [Float]) {
        precondition(itemVectors.count == itemCodes.count * dimension)
        precondition(ficheVectors.count == ficheCodes.count * dimension)
        self.version = version
        self.dimension = dimension
        self.itemCodes = itemCodes
        self.itemVectors = itemVectors
        self.ficheCodes = ficheCodes
        self.ficheVectors = ficheVectors
        itemRow = Dictionary(itemCodes.enumerated().map { ($0.element, Int32($0.offset)) }, uniquingKeysWith: { a, _ in a })
        ficheRow = Dictionary(ficheCodes.enumerated().map { ($0.element, Int32($0.offset)) }, uniquingKeysWith: { a, _ in a })
    }

    /// Normalised weighted sum of the vectors of `items` (unknown codes are skipped); zero if none is known.
    ///
    /// - Complexity: O(items × dimension).
    public func profile(of items: [(code: String, weight: Float)]) -> [Float] {
        var sum = [Float](repeating: 0, count: dimension)
        for (code, weight) in items {
            guard let row = itemRow[code] else { continue }
            let base = Int(row) * dimension
            for j in 0..<dimension { sum[j] += weight * itemVectors[base + j] }
        }
        return normalized(sum)
    }
}

/// `v / ‖v‖`, or `v` unchanged when it is zero.
func normalized(_ v: [Float]) -> [Float] {
    var norm: Double = 0
    for x in v { norm += Double(x) * Double(x) }
    guard norm > 0 else { return v }
    let inv = Float(1 / norm.squareRoot())
    return v.map { $0 * inv }
}
