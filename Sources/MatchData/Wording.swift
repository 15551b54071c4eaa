public import MatchCore

/// The words a reader sees for the engine's typed values: one place for them, in French, for the
/// command line, the reports, the service and the desk.
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

    /// Where a deduced competence comes from, and why it is less sure when the record declares others of
    /// the same métier: « déduit : 5 ans comme Cariste (N1101) ; le dossier déclare 12 autres compétences
    /// de ce métier, pas celle-ci ».
    public static func inferred(_ skill: InferredSkill, ficheLabel: (String) -> String?) -> String {
        let origin = inferred(skill.origin, ficheLabel: ficheLabel)
        guard skill.declaredBesides > 0 else { return origin }
        return origin + " ; le dossier déclare \(French.count(skill.declaredBesides, "autre compétence", "autres compétences")) de ce métier, pas celle-ci"
    }

    /// Where a deduced competence comes from: « déduit : 5 ans comme Cariste (N1101) ».
    public static func inferred(_ origin: InferredSkill.Origin, ficheLabel: (String) -> String?) -> String {
        func fiche(_ code: String) -> String { ficheLabel(code).map { "\($0) (\(code))" } ?? code }
        switch origin {
        case .experience(let code, let months): return "déduit : \(duration(months: months)) comme \(fiche(code))"
        case .training(let code): return "déduit : formation \(fiche(code))"
        case .mobility(let code, let months):
            return "déduit : \(duration(months: months)) comme \(fiche(code)), compétence commune à un métier proche"
        }
    }

    /// « 8 mois », « 1 an », « 4 ans et 2 mois ».
    public static func duration(months: Int) -> String {
        let years = months / 12, rest = months % 12
        guard years > 0 else { return "\(months) mois" }
        let y = years == 1 ? "1 an" : "\(years) ans"
        return rest == 0 ? y : "\(y) et \(rest) mois"
    }

    /// An offer requirement that could not be checked.
    public static func warning(_ warning: QueryWarning) -> String {
        switch warning {
        case .uncodedCompetence(let label): "compétence « \(label) » sans code ROME : non évaluée"
        case .unknownLicence(let label): "permis « \(label) » inconnu : non vérifié"
        case .unknownLanguage(let label): "langue « \(label) » inconnue : non vérifiée"
        }
    }

    /// An offer's experience requirement: « débutant accepté », « 6 mois exigés »…
    public static func experience(_ o: JobOffer) -> String? {
        guard let requirement = o.experienceRequirement else { return nil }
        let months = o.requestedExperienceMonths
        switch requirement {
        case .beginnerAccepted: return "débutant accepté"
        case .desired: return months > 0 ? "\(months) mois souhaités" : "souhaitée"
        case .required: return months > 0 ? "\(months) mois exigés" : "exigée"
        }
    }

    /// A transport mode (`voiture`) as a phrase: « en voiture ».
    public static func modeName(_ raw: String) -> String {
        ["voiture": "en voiture", "transport_en_commun": "en transports en commun", "velo": "à vélo", "marche": "à pied"][raw] ?? raw
    }

    /// A score component (`skills`) in words: « compétences ».
    public static func componentName(_ raw: String) -> String {
        ["skills": "compétences", "skillAffinity": "compétences proches", "metier": "métier", "experience": "expérience",
         "diploma": "diplôme", "travel": "trajet", "priority": "public prioritaire"][raw] ?? raw
    }

    /// An exclusion reason (`travel`) in words: « trajet trop long ».
    public static func exclusionName(_ raw: String) -> String {
        ["travel": "trajet trop long", "licence": "permis manquant", "language": "langue manquante",
         "contract": "contrat non souhaité", "availability": "pas disponible à temps", "diploma": "diplôme insuffisant",
         "experience": "expérience insuffisante", "essentialSkills": "compétence exigée manquante"][raw] ?? raw
    }

    /// A priority public (`rqth`) in words: « RQTH ».
    public static func publicName(_ raw: String) -> String {
        ["jeune": "jeune (moins de 26 ans)", "senior": "senior (50 ans et plus)", "rqth": "RQTH", "qpv": "résident QPV",
         "rsa": "allocataire RSA", "deld": "demandeur d'emploi de longue durée", "licencieEconomique": "licencié économique",
         "sortantFormation": "sortant de formation"][raw] ?? raw
    }
}
