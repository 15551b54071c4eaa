public import Foundation
public import MatchCore

/// Writes offers and candidates in the CSV formats the import reads (docs/formats.md, "CSV files"):
/// `;`-separated, UTF-8 with a byte order mark, one record per line, lists in the compact form. A written
/// file imports back to the same records (except offer competences' labels, which the compact form omits).
///
///     try CSVExport.candidates(pool).write(to: URL(fileURLWithPath: "candidats.csv"))
public enum CSVExport {
    public static func candidates(_ candidates: [Candidate]) -> Data {
        var out = "\u{FEFF}" + candidateColumns.joined(separator: ";") + "\r\n"
        out.reserveCapacity(candidates.count * 220)
        for c in candidates {
            let fields: [String] = [
                c.id, c.commune, c.targetRomeCodes.joined(separator: ","),
                c.experiences.map { "\($0.romeCode):\($0.months)" }.joined(separator: ","), c.skills.joined(separator: ","),
                String(c.diplomaLevel), c.languages.map { $0.language + ($0.level.map { ":" + $0.rawValue } ?? "") }.joined(separator: ","),
                c.licences.joined(separator: ","), c.mobility.modes.map(\.rawValue).joined(separator: ","),
                String(c.mobility.maxMinutes), c.mobility.radiusKm.map { String($0) } ?? "",
                c.acceptedContracts.joined(separator: ","), c.availableFrom?.description ?? "", c.birthDate?.description ?? "",
                c.unemployedSince?.description ?? "", flag(c.rqth), flag(c.rsa), flag(c.qpv), flag(c.economicLayoff),
                c.training?.romeCode ?? "", c.training?.endDate?.description ?? "",
            ]
            out += fields.map(quoted).joined(separator: ";") + "\r\n"
        }
        return Data(out.utf8)
    }

    public static let candidateColumns = CandidateLayout.names

    /// Offers, with their lists (`competences`, `permis`, `langues`, `formations`) as JSON arrays so that
    /// labels with commas survive.
    public static func offers(_ offers: [JobOffer]) -> Data {
        var out = "\u{FEFF}" + OfferLayout.names.joined(separator: ";") + "\r\n"
        for o in offers {
            let competences = o.skills.map { ListItem(code: $0.code, libelle: $0.label, exigence: $0.exigence.rawValue) }
                + o.uncodedSkills.map { ListItem(libelle: $0.label, exigence: $0.exigence.rawValue) }
            let fields: [String] = [
                o.id, o.title ?? "", o.romeCode, o.appellationCode ?? "", o.workplace.label ?? "", o.workplace.commune ?? "",
                o.workplace.latitude.map { String($0) } ?? "", o.workplace.longitude.map { String($0) } ?? "",
                o.contractType ?? "", String(o.positions), json(competences), json(o.licences), json(o.languages),
                json(o.education), o.experienceRequirement?.rawValue ?? "", o.experienceLabel ?? "",
                o.experienceMonths.map(String.init) ?? "", o.accessibleTH.map(flag) ?? "", o.createdAt ?? "",
                o.startDate?.description ?? "", o.targetedPublics.map(\.rawValue).joined(separator: ","),
            ]
            out += fields.map(quoted).joined(separator: ";") + "\r\n"
        }
        return Data(out.utf8)
    }

    private struct ListItem: Encodable {
        var code: String? = nil
        var libelle: String?
        var exigence: String
    }

    private static func json<T: Encodable>(_ list: [T]) -> String {
        guard !list.isEmpty else { return "" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(list)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    package static func flag(_ value: Bool) -> String { value ? "1" : "0" }

    /// A records export is read back by `apparier import`: its cells keep their text as is.
    package static func quoted(_ s: String) -> String { CSVCell.field(s, neutralising: false) }
}
