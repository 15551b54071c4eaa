/// One index from another's rows and a second's: what a ``LivePool`` compacts to, without reading or
/// vectorising any candidate again (a copy of the rows, in one merge of two sorted sequences).
extension CandidateIndex {
    /// The rows of `base` not in `removed`, and every row of `addition`, laid out as a build from those
    /// candidates lays them out: the same row order (``rowOrder(_:communes:)``), vectors and columns. The
    /// two must come from one model and reference date (a ``LivePool`` guarantees it). Item ids of codes
    /// outside the ROME may be numbered differently from a fresh build's; they mean the same codes.
    ///
    /// - Complexity: O(n × stride) for the n rows kept: each row is copied once.
    package init(merging base: CandidateIndex, removing removed: RowSet, adding addition: CandidateIndex?,
                 communes: CommuneDirectory) {
        precondition(addition.map { $0.stride == base.stride && $0.referenceDate == base.referenceDate
            && $0.priorityRules == base.priorityRules && $0.embeddingVersion == base.embeddingVersion
            && $0.inference == base.inference } ?? true,
            "an index merges only with one of the same model and reference date")
        let parts = addition.map { [base, $0] } ?? [base]
        let order = CandidateIndex.mergedRowOrder(parts, removed: removed, communes: communes)

        var items = base.items
        var remap = [[Int32]](repeating: [], count: parts.count)
        remap[0] = Array(0..<Int32(base.items.count))
        if parts.count > 1 { remap[1] = parts[1].items.codes.map { items.intern($0) } }
        self.items = items
        referenceDate = base.referenceDate; priorityRules = base.priorityRules; inference = base.inference
        embeddingVersion = base.embeddingVersion; dimension = base.dimension; stride = base.stride

        var b = ColumnsBuilder(capacity: order.count, stride: stride)
        for (part, row) in order { b.append(row: Int(row), of: parts[Int(part)], items: remap[Int(part)], sortSkills: part != 0) }
        ids = b.ids; vectors = b.vectors; commune = b.commune; licences = b.licences; languages = b.languages
        contracts = b.contracts; availableFrom = b.availableFrom; diploma = b.diploma; limitMinutes = b.limitMinutes
        radiusKm = b.radiusKm; modes = b.modes; publics = b.publics; skillStart = b.skillStart; skillItems = b.skillItems
        skillLevels = b.skillLevels; skillSources = b.skillSources
        ficheStart = b.ficheStart; ficheIds = b.ficheIds; ficheMonths = b.ficheMonths
        blocks = CandidateIndex.blocks(commune: commune, modes: modes, limits: limitMinutes)
        communeGroups = CandidateIndex.communeGroups(blocks)
        idRank = CandidateIndex.mergedIdRank(parts, removed: removed, order: order)
    }

    /// (part, row) of every row kept, in the order a fresh build gives: each part is already in that order,
    /// so one merge.
    private static func mergedRowOrder(_ parts: [CandidateIndex], removed: RowSet, communes: CommuneDirectory) -> [(UInt8, Int32)] {
        let curve = communes.communes.map { curveKey($0.location) }
        func precedes(_ a: CandidateIndex, _ r: Int, _ b: CandidateIndex, _ s: Int) -> Bool {
            let ca = Int(a.commune[r]), cb = Int(b.commune[s])
            if curve[ca] != curve[cb] { return curve[ca] < curve[cb] }
            if ca != cb { return ca < cb }
            if a.modes[r] != b.modes[s] { return a.modes[r] < b.modes[s] }
            if a.limitMinutes[r] != b.limitMinutes[s] { return a.limitMinutes[r] > b.limitMinutes[s] }
            return a.ids[r] < b.ids[s]
        }
        let base = parts[0], other = parts.count > 1 ? parts[1] : nil
        var order = [(UInt8, Int32)]()
        order.reserveCapacity(base.count - removed.count + (other?.count ?? 0))
        var i = 0, j = 0
        let otherCount = other?.count ?? 0
        while i < base.count || j < otherCount {
            if i < base.count, removed.contains(i) { i += 1; continue }
            if j < otherCount, i == base.count || precedes(other!, j, base, i) {
                order.append((1, Int32(j))); j += 1
            } else {
                order.append((0, Int32(i))); i += 1
            }
        }
        return order
    }

    /// Each new row's rank in id order, from the parts' own ranks (one merge, no sort).
    private static func mergedIdRank(_ parts: [CandidateIndex], removed: RowSet, order: [(UInt8, Int32)]) -> [Int32] {
        var newRow = parts.map { [Int32](repeating: -1, count: $0.count) }
        for (position, (part, row)) in order.enumerated() { newRow[Int(part)][Int(row)] = Int32(position) }
        let byId = parts.map { part -> [Int32] in
            var rows = [Int32](repeating: 0, count: part.count)
            for (row, rank) in part.idRank.enumerated() { rows[Int(rank)] = Int32(row) }
            return rows
        }
        var rank = [Int32](repeating: 0, count: order.count)
        var next: Int32 = 0, i = 0, j = 0
        let other = parts.count > 1 ? byId[1] : []
        while i < byId[0].count || j < other.count {
            if i < byId[0].count, newRow[0][Int(byId[0][i])] < 0 { i += 1; continue }
            let takeOther = j < other.count
                && (i == byId[0].count || parts[1].ids[Int(other[j])] < parts[0].ids[Int(byId[0][i])])
            let target = takeOther ? newRow[1][Int(other[j])] : newRow[0][Int(byId[0][i])]
            if takeOther { j += 1 } else { i += 1 }
            rank[Int(target)] = next
            next += 1
        }
        return rank
    }
}

extension ColumnsBuilder {
    /// Appends row `r` of `index` as it is, its skill items renumbered by `items` (and sorted again when
    /// `sortSkills`, as renumbering may change their order).
    mutating func append(row r: Int, of index: CandidateIndex, items: [Int32], sortSkills: Bool) {
        ids.append(index.ids[r]); commune.append(index.commune[r]); licences.append(index.licences[r])
        languages.append(index.languages[r]); contracts.append(index.contracts[r]); availableFrom.append(index.availableFrom[r])
        diploma.append(index.diploma[r]); limitMinutes.append(index.limitMinutes[r]); radiusKm.append(index.radiusKm[r])
        modes.append(index.modes[r]); publics.append(index.publics[r])
        let entries = Int(index.skillStart[r])..<Int(index.skillStart[r + 1])
        var skills = entries.map { (item: items[Int(index.skillItems[$0])], level: index.skillLevels[$0], source: index.skillSources[$0]) }
        if sortSkills { skills.sort { $0.item < $1.item } }
        for s in skills { skillItems.append(s.item); skillLevels.append(s.level); skillSources.append(s.source) }
        skillStart.append(Int32(skillItems.count))
        let fiches = Int(index.ficheStart[r])..<Int(index.ficheStart[r + 1])
        ficheIds += index.ficheIds[fiches]; ficheMonths += index.ficheMonths[fiches]
        ficheStart.append(Int32(ficheIds.count))
        index.vectors.withUnsafeBufferPointer { v in vectors.append(contentsOf: v[(r * stride)..<((r + 1) * stride)]) }
    }
}
