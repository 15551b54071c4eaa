public import MatchCore

/// Reads one offer record (a JSON object of France Travail's format, docs/formats.md) straight from the
/// file's bytes.
///
/// Written by hand for the same reason as ``CandidateJSONDecoder``: `JSONDecoder` took 3.1–4.1 s of the
/// 8.7–12 s that importing the generator's 50,000 offers took. The same contract holds: it reads a strict
/// subset of what `JobOffer.init(from:)` reads — the format's members as plain values (strings without
/// escapes, plain integers), each member once, the members it does not read skipped as `JSONDecoder`
/// skips them but checked for well-formed JSON — and returns nil for anything else, which `JSONDecoder`
/// then reads or refuses with its own message. It never decides what is valid.
///
///     let offer = bytes.withUnsafeBufferPointer { OfferJSONDecoder.offer(in: $0) }   // JobOffer?
public enum OfferJSONDecoder {
    /// The offer in `bytes` (one JSON object, with surrounding whitespace), or nil when the record is not
    /// plain enough for this reader.
    static func offer(in bytes: UnsafeBufferPointer<UInt8>) -> JobOffer? {
        var cursor = JSONByteCursor(bytes)
        guard let offer = cursor.offer() else { return nil }
        cursor.skipSpace()
        return cursor.atEnd ? offer : nil
    }
}

extension JSONByteCursor {
    /// A whole offer, with `JobOffer.init(from:)`'s defaults for absent members.
    mutating func offer() -> JobOffer? {
        var id: String?, workplace: JobOffer.Workplace?
        var listed = [(code: String?, label: String?, exigence: Exigence)]()
        var o = JobOffer(id: "", romeCode: "", workplace: .init(), contractType: nil)
        let ok = object { cursor, key in
            switch key {
            case "id": id = cursor.string(); return id != nil
            case "intitule": return cursor.set(&o.title) { $0.string() }
            case "romeCode": return cursor.set(&o.romeCode, default: "") { $0.string() }
            case "romeCodeDeduit": return cursor.set(&o.romeCodeInferred, default: false) { $0.bool() }
            case "appellationCode": return cursor.set(&o.appellationCode) { $0.string() }
            case "lieuTravail": workplace = cursor.workplace(); return workplace != nil
            case "typeContrat": return cursor.set(&o.contractType) { $0.string() }
            case "nombrePostes": return cursor.set(&o.positions, default: 1) { $0.int() }
            case "competences": return cursor.set(&listed, default: []) { $0.array { $0.listedSkill() } }
            case "permis": return cursor.set(&o.licences, default: []) { $0.array { $0.requirement() } }
            case "langues": return cursor.set(&o.languages, default: []) { $0.array { $0.requirement() } }
            case "formations": return cursor.set(&o.education, default: []) { $0.array { $0.education() } }
            case "experienceExige":
                return cursor.set(&o.experienceRequirement) { $0.string().flatMap(JobOffer.ExperienceRequirement.init(label:)) }
            case "experienceLibelle": return cursor.set(&o.experienceLabel) { $0.string() }
            case "experienceMois": return cursor.set(&o.experienceMonths) { $0.int() }
            case "accessibleTH": return cursor.set(&o.accessibleTH) { $0.bool() }
            case "dateCreation": return cursor.set(&o.createdAt) { $0.string() }
            case "dateDebut": return cursor.set(&o.startDate) { $0.day() }
            case "publicsPrioritaires":
                return cursor.set(&o.targetedPublics, default: []) { $0.array { $0.string().flatMap(PriorityPublic.init(rawValue:)) } }
            default: return cursor.skipValue()
            }
        }
        guard ok, let id, let workplace else { return nil }
        o.id = id; o.workplace = workplace
        o.setListedSkills(listed)
        return o
    }

    private mutating func workplace() -> JobOffer.Workplace? {
        var w = JobOffer.Workplace()
        let ok = object { cursor, key in
            switch key {
            case "libelle": return cursor.set(&w.label) { $0.string() }
            case "commune": return cursor.set(&w.commune) { $0.string() }
            case "latitude": return cursor.set(&w.latitude) { $0.double() }
            case "longitude": return cursor.set(&w.longitude) { $0.double() }
            case "codePostal": return cursor.set(&w.postalCode) { $0.string() }
            default: return cursor.skipValue()
            }
        }
        return ok ? w : nil
    }

    /// `exigence`: absent or null is `S`, a text is read as `Exigence` reads it.
    private mutating func exigence(_ field: inout Exigence) -> Bool {
        set(&field, default: .desired) { $0.string().map(Exigence.init(text:)) }
    }

    private mutating func listedSkill() -> (code: String?, label: String?, exigence: Exigence)? {
        var code: String?, label: String?, exigence = Exigence.desired
        let ok = object { cursor, key in
            switch key {
            case "code": return cursor.set(&code) { $0.string() }
            case "libelle": return cursor.set(&label) { $0.string() }
            case "exigence": return cursor.exigence(&exigence)
            default: return cursor.skipValue()
            }
        }
        return ok ? (code, label, exigence) : nil
    }

    private mutating func requirement() -> OfferRequirement? {
        var label: String?, exigence = Exigence.desired
        let ok = object { cursor, key in
            switch key {
            case "libelle": label = cursor.string(); return label != nil
            case "exigence": return cursor.exigence(&exigence)
            default: return cursor.skipValue()
            }
        }
        guard ok, let label else { return nil }
        return OfferRequirement(label: label, exigence: exigence)
    }

    private mutating func education() -> OfferEducation? {
        var e = OfferEducation(levelLabel: nil, exigence: .desired)
        let ok = object { cursor, key in
            switch key {
            case "niveauLibelle": return cursor.set(&e.levelLabel) { $0.string() }
            case "domaineLibelle": return cursor.set(&e.domainLabel) { $0.string() }
            case "exigence": return cursor.exigence(&e.exigence)
            default: return cursor.skipValue()
            }
        }
        return ok ? e : nil
    }
}
