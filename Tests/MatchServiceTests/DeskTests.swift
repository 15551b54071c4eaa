import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MatchCore
import MatchData
@testable import MatchService
import MatchStore
import NIOCore
import Testing

/// The desk over real HTTP (loopback), as a browser without scripts uses it: cookies, forms, redirects.
/// The walk through every page in a real browser is scripts/browser-tests.sh.
@Suite("apparier serve: the assistants' desk over real HTTP", .serialized)
struct DeskTests {
    static let password = "un mot de passe assez long"

    /// The fixture, with a platform covering the EPCI of its first offer's commune and one far from it, and
    /// an account on each.
    static func fixture() throws -> (ServiceFixture, home: JobOffer, platform: DeskPlatform) {
        let f = try ServiceFixture(candidates: 1_500, offers: 60)
        let communes = ServiceFixture.model.communes
        let home = try #require(f.offers.first { $0.workplace.commune.flatMap { communes[$0]?.epci } != nil })
        let epci = communes[home.workplace.commune!]!.epci!
        let far = try #require(communes.communes.first { c in
            c.epci != nil && c.epci != epci && c.location.distanceKm(to: communes[home.workplace.commune!]!.location) > 150
        })
        let platform = DeskPlatform(id: "ici", name: "Plateforme d'ici", contact: "01 02 03 04 05", epci: [epci])
        try f.store.createPlatform(platform, by: "test")
        try f.store.createPlatform(DeskPlatform(id: "loin", name: "Plateforme de loin", contact: "", epci: [far.epci!]), by: "test")
        // The lowest cost bcrypt allows: at the desk's cost (12) each check takes about 2 s in a debug build,
        // enough for a loaded test machine to reach the test client's 20 s timeout on one request.
        let hash = DeskPasswords.hash(password, cost: 4)
        try f.store.createAccount(login: "claire", displayName: "Claire", passwordHash: hash, role: .admin, platformId: "ici", by: "test")
        try f.store.createAccount(login: "lea", displayName: "Léa", passwordHash: hash, role: .assistant, platformId: "loin", by: "test")
        return (f, home, platform)
    }

    @Test("Anonymous visits go to the sign-in page; wrong passwords are refused, then slowed down; sign-in needs its form token")
    func signIn() async throws {
        let (f, _, _) = try Self.fixture()
        try await f.withDesk { desk in
            var visitor = desk
            let anonymous = try await visitor.get("/bureau/offres")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.location?.hasPrefix("/bureau/connexion?retour=") == true)

            var forged = desk
            let page = try await forged.get("/bureau/connexion")
            #expect(page.status == .ok)
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            let token = try #require(page.field("_connexion"))
            forged.cookies["apparier_connexion"] = "autre"
            #expect(try await forged.post("/bureau/connexion", ["_connexion": token, "identifiant": "claire", "motDePasse": Self.password]).status == .forbidden)

            var guesser = desk
            for attempt in 1...5 {
                let answer = try await guesser.signIn("claire", password: "mauvais \(attempt)")
                #expect(answer.status == .unauthorized)
                #expect(answer.text.contains("Identifiant ou mot de passe incorrect"))
            }
            let blocked = try await guesser.signIn("claire", password: Self.password)
            #expect(blocked.status == .unauthorized)
            #expect(blocked.text.contains("Trop d&#39;essais"))
            #expect(try f.store.auditLog().filter { $0.action == "signin.refused" }.count == 5)

            var lea = desk
            let signedIn = try await lea.signIn("lea", password: Self.password)
            #expect(signedIn.status == .found)
            #expect(signedIn.setCookie?.contains("HttpOnly") == true && signedIn.setCookie?.contains("SameSite=Lax") == true)
            #expect(try await lea.get("/bureau").status == .ok)
        }
    }

    @Test("A form posted without the session's CSRF token changes nothing; another platform's offer and candidates are 404")
    func csrfAndPlatforms() async throws {
        let (f, home, _) = try Self.fixture()
        try await f.withDesk { desk in
            var claire = desk, lea = desk
            _ = try await claire.signIn("claire", password: Self.password)
            _ = try await lea.signIn("lea", password: Self.password)
            #expect(try await claire.get("/bureau/offres/\(home.id)").status == .ok)
            #expect(try await lea.get("/bureau/offres/\(home.id)").status == .notFound)
            #expect(try await lea.get("/bureau/offres/\(home.id)/preselection").status == .notFound)

            let offers = try await claire.get("/bureau/offres/nouvelle")
            let csrf = try #require(offers.field("_csrf"))
            let withoutToken = try await claire.post("/bureau/offres/nouvelle", ["intitule": "cariste", "action": "chercher"])
            #expect(withoutToken.status == .forbidden)
            #expect(withoutToken.text.contains("Ce formulaire a expiré"))
            let wrongToken = try await claire.post("/bureau/offres/nouvelle", ["_csrf": "x" + csrf, "intitule": "cariste", "action": "chercher"])
            #expect(wrongToken.status == .forbidden)
            let leasToken = try #require(try await lea.get("/bureau").field("_csrf"))
            #expect(try await claire.post("/bureau/offres/nouvelle", ["_csrf": leasToken, "intitule": "cariste"]).status == .forbidden)

            // The home offer's shortlist, over the live pool, is the plain engine's; lea sees none of its candidates.
            let page = try await claire.get("/bureau/offres/\(home.id)/preselection")
            let shown = page.values(of: "/bureau/candidat?id=")
            let expected = try f.referenceShortlistIds(home, top: 20)
            #expect(!expected.isEmpty)
            #expect(shown == expected)
            // Each shortlisted candidate reaches the territory within their own limit: claire sees them, lea does not.
            for id in shown {
                let query = "/bureau/candidat?id=" + id.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                #expect(try await claire.get(query).status == .ok)
                #expect(try await lea.get(query).status == .notFound)
            }
            #expect(try await claire.get("/bureau/candidat?id=NOPE").status == .notFound)
        }
    }

    @Test("From the phone call to the hire: the form checks each field, saves the offer through the import, proposes, follows up, counts")
    func phoneCallToHire() async throws {
        let (f, home, _) = try Self.fixture()
        let commune = ServiceFixture.model.communes[home.workplace.commune!]!
        try await f.withDesk { desk in
            var claire = desk
            _ = try await claire.signIn("claire", password: Self.password)
            let csrf = try #require(try await claire.get("/bureau/offres/nouvelle").field("_csrf"))
            var form = ["_csrf": csrf, "intitule": "vendeuse en boulangerie", "commune": String(commune.name.dropLast()) + "x",
                        "contrat": "CDI", "debut": "31/02/2027", "experience": "D", "postes": "0", "taille": "", "action": "chercher"]
            let searched = try await claire.post("/bureau/offres/nouvelle", form)
            #expect(searched.status == .ok)
            let appellation = try #require(searched.checkedValue("appellation"))
            #expect(searched.text.contains("boulangerie-pâtisserie"))
            let checklist = searched.radioNames(prefix: "c_")
            #expect(checklist.count >= 10)

            form["action"] = "enregistrer"
            form["appellation"] = appellation
            let refused = try await claire.post("/bureau/offres/nouvelle", form)
            #expect(refused.status == .unprocessableContent)
            for field in ["#commune", "#debut", "#postes", "#entreprise", "#taille"] {
                #expect(refused.text.contains("href=\"\(field)\""), "no error links to \(field)")
            }
            #expect(refused.text.contains("Vouliez-vous dire"))
            #expect(refused.text.contains("value=\"vendeuse en boulangerie\""))
            #expect(f.service.view.offers.count == 60)

            form.merge(["commune": commune.name, "debut": "", "postes": "2", "entreprise": "Boulangerie <b>Dupont</b>", "taille": "0-9",
                        "marcheCache": "1", checklist[0]: "E", checklist[1]: "S", "p_0": "E"]) { _, new in new }
            let saved = try await claire.post("/bureau/offres/nouvelle", form)
            #expect(saved.status == .found)
            let link = try #require(saved.location?.components(separatedBy: "?").first)
            let id = String(link.dropFirst("/bureau/offres/".count))
            let offer = try #require(f.service.view.offers[id])
            #expect(offer.romeCode == "D1106")
            #expect(offer.appellationCode == appellation)
            #expect(offer.workplace.commune == commune.code)
            #expect(offer.skills.map(\.exigence) == [.required, .desired])
            #expect(offer.skills.map(\.code) == checklist.prefix(2).map { String($0.dropFirst(2)) })
            #expect(offer.licences == [OfferRequirement(label: "B", exigence: .required)])
            #expect(try f.store.deskOffer(id: id)?.hiddenMarket == true)
            let page = try await claire.get(link)
            #expect(page.text.contains("Boulangerie &lt;b&gt;Dupont&lt;/b&gt;"))

            let shortlist = try await claire.get(link + "/preselection")
            let ids = shortlist.values(of: "/bureau/candidat?id=")
            #expect(ids == (try f.referenceShortlistIds(offer, top: 20)))
            try #require(ids.count >= 3)
            let proposed = try await claire.post(link + "/propositions", ["_csrf": csrf], repeated: ("candidat", Array(ids.prefix(3))))
            #expect(proposed.status == .found)
            let sent = try await claire.get(try #require(proposed.location))
            #expect(sent.status == .ok)
            for word in ["RQTH", "RSA", "QPV", "prioritaire", "examinés", "<meter"] { #expect(!sent.text.contains(word), "sent: \(word)") }
            let csv = try await claire.get(try #require(proposed.location).replacingOccurrences(of: "/envoi?", with: "/envoi.csv?"))
            #expect(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 4)

            let proposals = try f.store.proposals(offerId: id)
            let today = DeskRoutes.today.description
            #expect(try await claire.post("/bureau/propositions/\(proposals[0].id)/suivi", ["_csrf": csrf, "statut": "entretien", "date": today]).status == .found)
            #expect(try await claire.post("/bureau/propositions/\(proposals[0].id)/suivi", ["_csrf": csrf, "statut": "embauche", "date": today]).status == .found)
            let future = DeskRoutes.today.adding(days: 3).description
            #expect(try await claire.post("/bureau/propositions/\(proposals[1].id)/suivi", ["_csrf": csrf, "statut": "entretien", "date": future]).status == .badRequest)
            #expect(try f.store.deskOffer(id: id)?.openPositions == 1)

            let bilan = try await claire.get("/bureau/bilan?mois=" + String(today.prefix(7)))
            #expect(bilan.text.contains("Nombre des mises à l&#39;emploi grâce à la plateforme</th><td class=\"nombre\">1</td>"))
            #expect(bilan.text.contains("Nombre de candidatures proposées à l&#39;employeur</th><td class=\"nombre\">3</td>"))
            #expect(bilan.text.contains("<svg"))
            let bilanCSV = try await claire.get("/bureau/bilan.csv?mois=" + String(today.prefix(7)))
            #expect(bilanCSV.text.contains("Nombre des mises à l'emploi grâce à la plateforme;1;"))
            #expect(bilanCSV.text.contains("non calculé"))
        }
    }
}

@Suite("The desk's sign-in throttle")
struct SignInThrottleTests {
    @Test("Five failures are free; then each attempt waits a doubling delay after the last failure, up to five minutes; a success forgets")
    func doublingDelays() {
        let throttle = SignInThrottle(firstDelay: .seconds(2))
        let t0 = ContinuousClock.now
        for i in 0..<5 {
            #expect(throttle.wait(for: "claire", now: t0 + .seconds(i)) == .zero)
            throttle.failed("claire", now: t0 + .seconds(i))
        }
        let last = t0 + .seconds(4)
        #expect(throttle.wait(for: "claire", now: last) == .seconds(2))
        #expect(throttle.wait(for: "claire", now: last + .seconds(1)) == .seconds(1))
        #expect(throttle.wait(for: "claire", now: last + .seconds(2)) == .zero)
        #expect(throttle.wait(for: "lea", now: last) == .zero, "per login")
        throttle.failed("claire", now: last + .seconds(2))
        #expect(throttle.wait(for: "claire", now: last + .seconds(2)) == .seconds(4))
        for i in 0..<20 { throttle.failed("claire", now: last + .seconds(3 + i)) }
        #expect(throttle.wait(for: "claire", now: last + .seconds(22)) == .seconds(300))
        #expect(throttle.wait(for: "claire", now: last + .seconds(22 + 16 * 60)) == .zero, "forgotten after 15 minutes")
        throttle.succeeded("claire")
        #expect(throttle.wait(for: "claire", now: last + .seconds(23)) == .zero)
    }
}

/// A browser without scripts: keeps its cookies, sends forms, does not follow redirects.
struct DeskBrowser: Sendable {
    let client: TestClient
    var cookies: [String: String] = [:]

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        var location: String? { headers[.location] }
        var setCookie: String? { headers[values: .setCookie].first }

        /// The value of the hidden field `name`.
        func field(_ name: String) -> String? {
            text.components(separatedBy: "name=\"\(name)\" value=\"").dropFirst().first?.components(separatedBy: "\"").first
        }

        /// The checked radio button of group `name`.
        func checkedValue(_ name: String) -> String? {
            text.components(separatedBy: "<input").first { $0.contains("name=\"\(name)\"") && $0.contains(" checked") }?
                .components(separatedBy: "value=\"").dropFirst().first?.components(separatedBy: "\"").first
        }

        /// Names of radio groups starting with `prefix`, in page order.
        func radioNames(prefix: String) -> [String] {
            var seen: [String] = []
            for part in text.components(separatedBy: "name=\"\(prefix)").dropFirst() {
                let name = prefix + (part.components(separatedBy: "\"").first ?? "")
                if !seen.contains(name) { seen.append(name) }
            }
            return seen
        }

        /// The values after each `href="prefix`, decoded, in page order, without repeats.
        func values(of prefix: String) -> [String] {
            var out: [String] = []
            for part in text.components(separatedBy: "href=\"\(prefix)").dropFirst() {
                let raw = part.components(separatedBy: "\"").first ?? ""
                let value = raw.removingPercentEncoding ?? raw
                if !out.contains(value) { out.append(value) }
            }
            return out
        }
    }

    mutating func get(_ path: String) async throws -> Page { try await send(path, method: .get, body: nil) }

    mutating func post(_ path: String, _ form: [String: String], repeated: (String, [String])? = nil) async throws -> Page {
        var pairs = form.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let (name, values) = repeated { pairs += values.map { (name, $0) } }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        return try await send(path, method: .post, body: body)
    }

    mutating func signIn(_ login: String, password: String) async throws -> Page {
        let page = try await get("/bureau/connexion")
        return try await post("/bureau/connexion", ["_connexion": page.field("_connexion") ?? "", "identifiant": login, "motDePasse": password])
    }

    private mutating func send(_ path: String, method: HTTPRequest.Method, body: String?) async throws -> Page {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        headers[.connection] = "keep-alive"
        let request = TestClient.Request(path, method: method, authority: "localhost", headers: headers, body: body.map { ByteBuffer(string: $0) })
        let response = try await client.execute(request)
        for cookie in response.headers[values: .setCookie] {
            let pair = cookie.components(separatedBy: ";")[0].components(separatedBy: "=")
            let name = pair[0], value = pair.dropFirst().joined(separator: "=")
            if cookie.contains("Max-Age=0") || value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
        }
        return Page(status: response.status, headers: response.headers, text: response.body.map { String(buffer: $0) } ?? "")
    }
}

extension ServiceFixture {
    /// Runs `body` with the service on a free loopback port and a browser without scripts. Failed sign-ins
    /// are throttled for a minute, so that a slow machine cannot outwait the throttle between two attempts.
    ///
    /// The browser is a client of its own rather than the live framework's, whose read timeout is a fixed
    /// 20 s: while other suites hold both threads of a 2-core machine with CPU-bound work, one answer of
    /// the desk can wait longer than that without anything being wrong with the desk.
    func withDesk(_ body: @escaping @Sendable (DeskBrowser) async throws -> Void) async throws {
        var configuration = ServiceConfiguration()
        configuration.port = 0
        configuration.signInDelay = .seconds(60)
        let app = service.application(configuration)
        try await app.test(.live) { live in
            let port = try #require(live.port)
            try await TestClient.withClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(600))) { client in
                try await body(DeskBrowser(client: client))
            }
        }
    }
}
