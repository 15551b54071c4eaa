public import MatchCore

/// The words a reader sees for the engine's typed values: one place for them, in French.
///
///     Wording.missing(.desiredLicence(code: "B"))          // "permis B (souhaité)"
///     Wording.warning(.unknownLicence(label: "Voiture"))   // "permis « Voiture » inconnu : non vérifié"
public enum Wording {
    /// A missing item of a shortlist entry: a competence by its code (reports add its label), a wish by name.
    public static func missing(_ item: MissingItem) -> String {
        switch item {
        case .competence(let code): code
        case .desiredLicence(let code): "permis \(code) (souhaité)"
        case .desiredLanguage(let name): "langue \(name) (souhaitée)"
        case .desiredDiploma(let level): "diplôme niveau \(level) (souhaité)"
        case .desiredExperience(let months): "expérience \(months) mois (souhaitée)"
        }
    }

    /// An offer requirement that could not be checked.
    public static func warning(_ warning: QueryWarning) -> String {
        switch warning {
        case .uncodedCompetence(let label): "compétence « \(label) » sans code ROME : non évaluée"
        case .unknownLicence(let label): "permis « \(label) » inconnu : non vérifié"
        case .unknownLanguage(let label): "langue « \(label) » inconnue : non vérifiée"
        }
    }
}
