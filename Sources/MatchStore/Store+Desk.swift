import Foundation
import GRDB
public import MatchCore
import MatchData

/// What the assistants' desk keeps: platforms and their territory, accounts, the desk's side of an offer
/// (platform, status, company) and the proposals made to employers with their follow-up. Each write is one
/// transaction and is written in the audit log. docs/desk.md gives the rules.
extension Store {
    // MARK: Platforms and accounts

    /// Creates a platform covering the EPCI `epci` (SIREN codes, from data/communes/epci_composition_hdf.csv).
    ///
    ///     try store.createPlatform(DeskPlatform(id: "arras", name: "Proch'emploi Arras", contact: "03 21 00 00 00",
    ///                                           epci: ["200033579"]), by: "admin")
    public func createPlatform(_ platform: DeskPlatform, by actor: String) throws {
        guard DeskPlatform.isValidId(platform.id) else {
            throw MatchError.store(path: path, "identifiant de plateforme « \(platform.id) » : lettres minuscules, chiffres et tirets, 2 à 40 caractères")
        }
        guard !platform.epci.isEmpty else { throw MatchError.store(path: path, "une plateforme couvre au moins un EPCI") }
        try writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM platform WHERE id = ?", arguments: [platform.id]) == true {
                throw MatchError.store(path: path, "la plateforme « \(platform.id) » existe déjà")
            }
            try db.execute(sql: "INSERT INTO platform (id, name, contact, epci, createdAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [platform.id, platform.name, platform.contact, Store.json(platform.epci), timestamp])
            try log(db, actor: actor, action: "platform.create", subject: ("platform", platform.id))
        }
    }

    /// Every platform, by id.
    public func platforms() throws -> [DeskPlatform] {
        try writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM platform ORDER BY id").map(DeskPlatform.init(row:)) }
    }

    public func platform(id: String) throws -> DeskPlatform? {
        try writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM platform WHERE id = ?", arguments: [id]).map(DeskPlatform.init(row:)) }
    }

    /// Creates an account; `passwordHash` is the bcrypt hash (the store never sees a password).
    @discardableResult
    public func createAccount(login: String, displayName: String, passwordHash: String, role: DeskRole,
                              platformId: String, by actor: String) throws -> DeskAccount {
        let login = login.trimmingCharacters(in: .whitespaces).lowercased()
        guard (2...80).contains(login.count), !login.contains(where: \.isWhitespace) else {
            throw MatchError.store(path: path, "identifiant « \(login) » : 2 à 80 caractères, sans espace")
        }
        return try writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM platform WHERE id = ?", arguments: [platformId]) == true else {
                let known = try String.fetchAll(db, sql: "SELECT id FROM platform ORDER BY id")
                throw MatchError.store(path: path, "aucune plateforme « \(platformId) »"
                                       + (known.isEmpty ? " : créez-la d'abord (apparier platform create)" : " (connues : \(known.joined(separator: ", ")))"))
            }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE login = ?", arguments: [login]) == true {
                throw MatchError.store(path: path, "le compte « \(login) » existe déjà")
            }
            try db.execute(sql: """
                INSERT INTO account (login, displayName, passwordHash, role, platformId, createdAt) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [login, displayName, passwordHash, role.rawValue, platformId, timestamp])
            let account = DeskAccount(id: db.lastInsertedRowID, login: login, displayName: displayName, role: role, platformId: platformId)
            try log(db, actor: actor, action: "account.create", subject: ("account", login), detail: ["role": role.rawValue, "platform": platformId])
            return account
        }
    }

    /// Replaces the password hash of account `login`.
    public func setPasswordHash(login: String, _ passwordHash: String, by actor: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE account SET passwordHash = ? WHERE login = ?", arguments: [passwordHash, login])
            guard db.changesCount == 1 else { throw MatchError.store(path: path, "aucun compte « \(login) »") }
            try log(db, actor: actor, action: "account.password", subject: ("account", login))
        }
    }

    /// The active account `login` and its password hash (sign-in).
    public func accountForSignIn(login: String) throws -> (account: DeskAccount, passwordHash: String)? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE login = ? AND disabledAt IS NULL",
                             arguments: [login.trimmingCharacters(in: .whitespaces).lowercased()])
                .map { (DeskAccount(row: $0), $0["passwordHash"]) }
        }
    }

    /// The active account `id` (each request of a session).
    public func account(id: Int64) throws -> DeskAccount? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ? AND disabledAt IS NULL", arguments: [id]).map(DeskAccount.init(row:))
        }
    }

    /// Writes a sign-in (or a refused one) in the audit log.
    public func logSignIn(login: String, succeeded: Bool) throws {
        try writer.write { db in
            try log(db, actor: "account:\(login)", action: succeeded ? "signin" : "signin.refused", subject: ("account", login))
        }
    }

    // MARK: Offers on the desk

    /// Records the desk's side of an offer just imported (its platform, company and open posts).
    public func saveDeskOffer(_ offer: DeskOffer, by actor: String) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO deskOffer (offerId, platformId, status, openPositions, company, siret, sizeBand, hiddenMarket, createdBy, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [offer.offerId, offer.platformId, offer.status.rawValue, offer.openPositions, offer.company,
                                 offer.siret, offer.sizeBand.rawValue, offer.hiddenMarket, actor, timestamp])
            try log(db, actor: actor, action: "offer.desk", subject: ("offer", offer.offerId), detail: ["platform": offer.platformId])
        }
    }

    /// The desk's side of every offer entered on the desk, by offer id.
    public func deskOffers() throws -> [String: DeskOffer] {
        try writer.read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT * FROM deskOffer").map { (row: Row) in (row["offerId"], DeskOffer(row: row)) },
                       uniquingKeysWith: { a, _ in a })
        }
    }

    public func deskOffer(id: String) throws -> DeskOffer? {
        try writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM deskOffer WHERE offerId = ?", arguments: [id]).map(DeskOffer.init(row:)) }
    }

    /// Sets an offer's status by hand (cancelled, reopened); a filled offer is closed by its hires.
    public func setOfferStatus(_ id: String, _ status: DeskOfferStatus, by actor: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE deskOffer SET status = ?, closedAt = ? WHERE offerId = ?",
                           arguments: [status.rawValue, status == .open ? nil : timestamp, id])
            guard db.changesCount == 1 else { throw MatchError.store(path: path, "aucune offre « \(id) » sur le bureau") }
            try log(db, actor: actor, action: "offer.status", subject: ("offer", id), detail: ["status": status.rawValue])
        }
    }

    // MARK: Proposals

    /// Proposes candidates to the employer of `offerId` on `day`: one proposal each, in the order given.
    /// A candidate already proposed for this offer is skipped (returned in `alreadyProposed`).
    public func propose(offerId: String, platformId: String, candidates: [(id: String, priorityPublic: Bool)],
                        day: Day, by actor: String) throws -> (proposed: [DeskProposal], alreadyProposed: [String]) {
        try writer.write { db in
            var proposed: [DeskProposal] = [], skipped: [String] = []
            for candidate in candidates {
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM proposal WHERE offerId = ? AND candidateId = ?",
                                     arguments: [offerId, candidate.id]) == true {
                    skipped.append(candidate.id)
                    continue
                }
                try db.execute(sql: """
                    INSERT INTO proposal (offerId, platformId, candidateId, priorityPublic, status, proposedOn, proposedBy)
                    VALUES (?, ?, ?, ?, 'propose', ?, ?)
                    """, arguments: [offerId, platformId, candidate.id, candidate.priorityPublic, day.description, actor])
                let id = db.lastInsertedRowID
                try db.execute(sql: "INSERT INTO proposalEvent (proposalId, status, day, recordedAt, actor) VALUES (?, 'propose', ?, ?, ?)",
                               arguments: [id, day.description, timestamp, actor])
                proposed.append(DeskProposal(id: id, offerId: offerId, candidateId: candidate.id, priorityPublic: candidate.priorityPublic,
                                             status: .proposed, reason: nil, proposedOn: day.description, proposedBy: actor))
            }
            if !proposed.isEmpty {
                try log(db, actor: actor, action: "proposal.create", subject: ("offer", offerId),
                        detail: ["proposals": proposed.map(\.id)])
            }
            return (proposed, skipped)
        }
    }

    /// Moves proposal `id` to `status` on `day` (with a reason for « non retenu »). A hire lowers the
    /// offer's open posts and fills it at zero. Returns the proposal as it is now.
    @discardableResult
    public func recordOutcome(proposal id: Int64, status: DeskProposalStatus, reason: DeskRefusalReason?, day: Day,
                              by actor: String) throws -> DeskProposal {
        try writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM proposal WHERE id = ?", arguments: [id]) else {
                throw MatchError.store(path: path, "aucune proposition n° \(id)")
            }
            var proposal = DeskProposal(row: row)
            guard proposal.status.next.contains(status) else {
                throw MatchError.store(path: path, "la proposition est « \(proposal.status.label) » : elle ne peut pas passer à « \(status.label) »")
            }
            if status == .notRetained && reason == nil {
                throw MatchError.store(path: path, "« non retenu » demande un motif")
            }
            guard day.description >= proposal.proposedOn else {
                throw MatchError.store(path: path, "la date \(HTMLPage.frenchDate(day.description)) précède la proposition (\(HTMLPage.frenchDate(proposal.proposedOn)))")
            }
            let kept = status == .notRetained ? reason : nil
            try db.execute(sql: "UPDATE proposal SET status = ?, reason = ? WHERE id = ?", arguments: [status.rawValue, kept?.rawValue, id])
            try db.execute(sql: "INSERT INTO proposalEvent (proposalId, status, reason, day, recordedAt, actor) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [id, status.rawValue, kept?.rawValue, day.description, timestamp, actor])
            if status == .hired {
                try db.execute(sql: """
                    UPDATE deskOffer SET openPositions = max(openPositions - 1, 0),
                      status = CASE WHEN openPositions <= 1 THEN 'pourvue' ELSE status END,
                      closedAt = CASE WHEN openPositions <= 1 THEN ? ELSE closedAt END
                    WHERE offerId = ?
                    """, arguments: [timestamp, proposal.offerId])
            }
            try log(db, actor: actor, action: "proposal.\(status.rawValue)", subject: ("proposal", String(id)),
                    detail: ["offer": proposal.offerId, "day": day.description] .merging(kept.map { ["reason": $0.rawValue] } ?? [:]) { a, _ in a })
            proposal.status = status; proposal.reason = kept
            return proposal
        }
    }

    /// The proposals of an offer, oldest first.
    public func proposals(offerId: String) throws -> [DeskProposal] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM proposal WHERE offerId = ? ORDER BY id", arguments: [offerId]).map(DeskProposal.init(row:))
        }
    }

    /// The proposals made of a candidate, newest first (how often they were solicited).
    public func proposals(candidateId: String) throws -> [DeskProposal] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM proposal WHERE candidateId = ? ORDER BY proposedOn DESC, id DESC",
                             arguments: [candidateId]).map(DeskProposal.init(row:))
        }
    }

    /// How many proposals each offer of the platform has had.
    public func proposalCountsByOffer(platformId: String) throws -> [String: Int] {
        try writer.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT offerId, count(*) AS n FROM proposal WHERE platformId = ? GROUP BY offerId",
                                        arguments: [platformId]) {
                counts[row["offerId"]] = row["n"]
            }
            return counts
        }
    }

    public func proposal(id: Int64) throws -> DeskProposal? {
        try writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM proposal WHERE id = ?", arguments: [id]).map(DeskProposal.init(row:)) }
    }

    /// Every step of the proposals of an offer, in the order they happened.
    public func proposalEvents(offerId: String) throws -> [DeskProposalEvent] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.*, p.candidateId FROM proposalEvent e JOIN proposal p ON p.id = e.proposalId
                WHERE p.offerId = ? ORDER BY e.day, e.id
                """, arguments: [offerId]).map(DeskProposalEvent.init(row:))
        }
    }

    /// Counts of proposals already made per candidate, since `day` (over-solicitation shown on the shortlist).
    public func proposalCounts(candidateIds: [String], since day: Day) throws -> [String: Int] {
        guard !candidateIds.isEmpty else { return [:] }
        return try writer.read { db in
            var counts: [String: Int] = [:]
            let marks = Array(repeating: "?", count: candidateIds.count).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: """
                SELECT candidateId, count(*) AS n FROM proposal WHERE candidateId IN (\(marks)) AND proposedOn >= ? GROUP BY candidateId
                """, arguments: StatementArguments(candidateIds + [day.description])) {
                counts[row["candidateId"]] = row["n"]
            }
            return counts
        }
    }

    // MARK: The monthly bilan

    /// The activity of platform `platformId` in `month` (annex B of the convention), from what the desk
    /// recorded: offers entered that month, proposals made, interviews and hires recorded with a date in it.
    public func bilan(platformId: String, month: Month) throws -> DeskActivity {
        let (first, last) = (month.firstDay.description, month.lastDay.description)
        return try writer.read { db in
            var activity = DeskActivity(platformId: platformId, month: month)
            for row in try Row.fetchAll(db, sql: """
                SELECT d.*, o.nombrePostes AS positions,
                  (SELECT min(o2.createdAt) FROM deskOffer o2 WHERE o2.platformId = d.platformId
                   AND (o2.company = d.company OR (o2.siret IS NOT NULL AND o2.siret = d.siret))) AS firstOfCompany
                FROM deskOffer d LEFT JOIN offer o ON o.id = d.offerId
                WHERE d.platformId = ? AND substr(d.createdAt, 1, 10) BETWEEN ? AND ?
                """, arguments: [platformId, first, last]) {
                let offer = DeskOffer(row: row)
                let positions: Int = row["positions"] ?? offer.openPositions
                activity.offers += 1
                activity.positions += positions
                if offer.hiddenMarket { activity.hiddenMarketOffers += 1 }
                if offer.sizeBand.isSmallOrMedium { activity.smallCompanyOffers += 1 }
                let firstOfCompany: String = row["firstOfCompany"]
                if firstOfCompany == offer.createdAt { activity.newCompanies.insert(offer.siret ?? offer.company) }
                activity.companies.insert(offer.siret ?? offer.company)
            }
            let proposed = try Row.fetchAll(db, sql: """
                SELECT priorityPublic FROM proposal WHERE platformId = ? AND proposedOn BETWEEN ? AND ?
                """, arguments: [platformId, first, last])
            activity.proposed = proposed.count
            activity.proposedPriority = proposed.filter { $0["priorityPublic"] as Bool }.count
            func reached(_ status: DeskProposalStatus) throws -> [Row] {
                try Row.fetchAll(db, sql: """
                    SELECT DISTINCT p.id, p.priorityPublic FROM proposalEvent e JOIN proposal p ON p.id = e.proposalId
                    WHERE p.platformId = ? AND e.status = ? AND e.day BETWEEN ? AND ?
                    """, arguments: [platformId, status.rawValue, first, last])
            }
            activity.interviewed = try reached(.interview).count
            let hired = try reached(.hired)
            activity.hired = hired.count
            activity.hiredPriority = hired.filter { $0["priorityPublic"] as Bool }.count
            return activity
        }
    }
}

/// A platform: its name and contact (printed on what is sent to employers) and the EPCI it covers.
public struct DeskPlatform: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var contact: String
    /// SIREN codes of the EPCI the platform covers.
    public var epci: [String]

    public init(id: String, name: String, contact: String, epci: [String]) {
        self.id = id; self.name = name; self.contact = contact; self.epci = epci
    }

    init(row: Row) {
        id = row["id"]; name = row["name"]; contact = row["contact"]
        epci = Store.decode([String].self, json: row["epci"]) ?? []
    }

    static func isValidId(_ id: String) -> Bool {
        (2...40).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}

/// What an account may do: an assistant works on their platform's offers; a responsable also reads the
/// bilan; an admin also manages accounts.
public enum DeskRole: String, Codable, Sendable, CaseIterable {
    case assistant, responsable, admin

    public var label: String {
        switch self {
        case .assistant: "assistant·e"
        case .responsable: "responsable"
        case .admin: "administrateur·rice"
        }
    }
}

public struct DeskAccount: Codable, Sendable, Hashable {
    public var id: Int64
    public var login: String
    public var displayName: String
    public var role: DeskRole
    public var platformId: String

    init(id: Int64, login: String, displayName: String, role: DeskRole, platformId: String) {
        self.id = id; self.login = login; self.displayName = displayName; self.role = role; self.platformId = platformId
    }

    init(row: Row) {
        id = row["id"]; login = row["login"]; displayName = row["displayName"]
        role = DeskRole(rawValue: row["role"]) ?? .assistant; platformId = row["platformId"]
    }
}

public enum DeskOfferStatus: String, Codable, Sendable, CaseIterable {
    case open = "ouverte", filled = "pourvue", cancelled = "annulee"

    public var label: String {
        switch self {
        case .open: "ouverte"
        case .filled: "pourvue"
        case .cancelled: "annulée"
        }
    }
}

/// Company size bands (salariés), for the bilan's share of TPE/PME (fewer than 50).
public enum CompanySize: String, Codable, Sendable, CaseIterable {
    case micro = "0-9", small = "10-49", medium = "50-249", large = "250+"

    public var label: String {
        switch self {
        case .micro: "0 à 9 salariés (TPE)"
        case .small: "10 à 49 salariés"
        case .medium: "50 à 249 salariés"
        case .large: "250 salariés ou plus"
        }
    }

    /// Fewer than 50 employees: the convention's « TPE/PME (-50 salariés) ».
    public var isSmallOrMedium: Bool { self == .micro || self == .small }
}

/// The desk's side of an offer.
public struct DeskOffer: Codable, Sendable, Hashable {
    public var offerId: String
    public var platformId: String
    public var status: DeskOfferStatus
    public var openPositions: Int
    public var company: String
    public var siret: String?
    public var sizeBand: CompanySize
    /// Not published elsewhere (the convention's « marché caché »).
    public var hiddenMarket: Bool
    public var createdBy: String
    public var createdAt: String

    public init(offerId: String, platformId: String, status: DeskOfferStatus = .open, openPositions: Int, company: String,
                siret: String?, sizeBand: CompanySize, hiddenMarket: Bool, createdBy: String = "", createdAt: String = "") {
        self.offerId = offerId; self.platformId = platformId; self.status = status; self.openPositions = openPositions
        self.company = company; self.siret = siret; self.sizeBand = sizeBand; self.hiddenMarket = hiddenMarket
        self.createdBy = createdBy; self.createdAt = createdAt
    }

    init(row: Row) {
        offerId = row["offerId"]; platformId = row["platformId"]
        status = DeskOfferStatus(rawValue: row["status"]) ?? .open
        openPositions = row["openPositions"]; company = row["company"]; siret = row["siret"]
        sizeBand = CompanySize(rawValue: row["sizeBand"]) ?? .micro; hiddenMarket = row["hiddenMarket"]
        createdBy = row["createdBy"]; createdAt = row["createdAt"]
    }
}

/// Where a proposal stands: proposé → entretien → embauché / non retenu / désisté.
public enum DeskProposalStatus: String, Codable, Sendable, CaseIterable {
    case proposed = "propose", interview = "entretien", hired = "embauche", notRetained = "non_retenu", withdrew = "desiste"

    public var label: String {
        switch self {
        case .proposed: "proposé"
        case .interview: "entretien"
        case .hired: "embauché"
        case .notRetained: "non retenu"
        case .withdrew: "désisté"
        }
    }

    /// The steps that may follow this one.
    public var next: [DeskProposalStatus] {
        switch self {
        case .proposed: [.interview, .hired, .notRetained, .withdrew]
        case .interview: [.hired, .notRetained, .withdrew]
        case .hired, .notRetained, .withdrew: []
        }
    }
}

/// Why the employer did not retain a candidate: a fixed list, so that the reasons can be counted.
public enum DeskRefusalReason: String, Codable, Sendable, CaseIterable {
    case profile = "profil", experience = "experience", skills = "competences", availability = "disponibilite"
    case travel = "mobilite", conditions = "conditions", filledOtherwise = "pourvu_autrement", noShow = "absent_entretien"
    case other = "autre"

    public var label: String {
        switch self {
        case .profile: "profil ne correspondant pas au poste"
        case .experience: "expérience insuffisante"
        case .skills: "compétences insuffisantes"
        case .availability: "disponibilité"
        case .travel: "mobilité, trajet"
        case .conditions: "conditions de travail ou salaire"
        case .filledOtherwise: "poste pourvu par un autre moyen"
        case .noShow: "absent à l'entretien"
        case .other: "autre motif"
        }
    }
}

public struct DeskProposal: Codable, Sendable, Hashable {
    public var id: Int64
    public var offerId: String
    /// nil once the candidate has been erased.
    public var candidateId: String?
    public var priorityPublic: Bool
    public var status: DeskProposalStatus
    public var reason: DeskRefusalReason?
    public var proposedOn: String
    public var proposedBy: String

    init(id: Int64, offerId: String, candidateId: String?, priorityPublic: Bool, status: DeskProposalStatus,
         reason: DeskRefusalReason?, proposedOn: String, proposedBy: String) {
        self.id = id; self.offerId = offerId; self.candidateId = candidateId; self.priorityPublic = priorityPublic
        self.status = status; self.reason = reason; self.proposedOn = proposedOn; self.proposedBy = proposedBy
    }

    init(row: Row) {
        id = row["id"]; offerId = row["offerId"]; candidateId = row["candidateId"]; priorityPublic = row["priorityPublic"]
        status = DeskProposalStatus(rawValue: row["status"]) ?? .proposed
        reason = (row["reason"] as String?).flatMap(DeskRefusalReason.init(rawValue:))
        proposedOn = row["proposedOn"]; proposedBy = row["proposedBy"]
    }
}

public struct DeskProposalEvent: Codable, Sendable, Hashable {
    public var proposalId: Int64
    public var candidateId: String?
    public var status: DeskProposalStatus
    public var reason: DeskRefusalReason?
    public var day: String
    public var actor: String

    init(row: Row) {
        proposalId = row["proposalId"]; candidateId = row["candidateId"]
        status = DeskProposalStatus(rawValue: row["status"]) ?? .proposed
        reason = (row["reason"] as String?).flatMap(DeskRefusalReason.init(rawValue:))
        day = row["day"]; actor = row["actor"]
    }
}

/// A calendar month, `2026-11`.
public struct Month: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
              (2000...2100).contains(y), (1...12).contains(m) else { return nil }
        year = y; month = m
    }

    public init(containing day: Day) { self.init(day.description.prefix(7).description)! }

    public var description: String { String(format: "%04d-%02d", year, month) }
    public var firstDay: Day { Day(description + "-01")! }
    public var lastDay: Day {
        let days = [31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return Day(description + String(format: "-%02d", days))!
    }
    public var previous: Month { month == 1 ? Month("\(year - 1)-12")! : Month(String(format: "%04d-%02d", year, month - 1))! }

    /// « novembre 2026 ».
    public var frenchName: String {
        let names = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        return "\(names[month - 1]) \(year)"
    }

    /// « nov. 26 », as a chart's axis writes it (the usual French abbreviations).
    public var frenchShortName: String {
        let names = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
        return "\(names[month - 1]) \(String(format: "%02d", year % 100))"
    }
}

/// What a platform did in a month, as annex B of the convention counts it (the indicators the desk can know).
public struct DeskActivity: Sendable, Hashable {
    public var platformId: String
    public var month: Month
    /// Offers entered on the desk in the month, and the posts they hold (« postes détectés »).
    public var offers = 0
    public var positions = 0
    public var hiddenMarketOffers = 0
    public var smallCompanyOffers = 0
    public var companies: Set<String> = []
    /// Companies whose first offer on the desk was entered in the month.
    public var newCompanies: Set<String> = []
    /// « Candidatures proposées à l'employeur ».
    public var proposed = 0
    public var proposedPriority = 0
    /// « Candidats reçus en entretien ».
    public var interviewed = 0
    /// « Mises à l'emploi ».
    public var hired = 0
    public var hiredPriority = 0
}
