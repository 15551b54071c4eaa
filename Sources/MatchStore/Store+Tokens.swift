import Foundation
import GRDB
import MatchCore

/// Bearer tokens for the service (`apparier token create`). A token is shown once, when it is made; the
/// store keeps only its SHA-256, which is what a request's token is compared with. Tokens are made of 32
/// random bytes: a fast hash is enough for them (a password would need a slow one).
extension Store {
    /// One token, as listed (never the token itself).
    public struct TokenInfo: Codable, Sendable, Hashable {
        public var name: String
        public var createdAt: String
        public var createdBy: String
        public var revokedAt: String?
        public var isActive: Bool { revokedAt == nil }
    }

    /// Makes a token named `name` and returns it: the only time it can be read.
    ///
    ///     let secret = try store.createToken(name: "si-plateforme-arras", by: "admin")
    ///     // "apr_3q2…" : send it in `Authorization: Bearer …`
    public func createToken(name: String, by actor: String) throws -> String {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 80 else {
            throw MatchError.store(path: path, "un jeton a besoin d'un nom de 1 à 80 caractères (qui ou quoi s'en sert)")
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let secret = "apr_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        try writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM accessToken WHERE name = ?", arguments: [name]) == true {
                throw MatchError.store(path: path, "un jeton « \(name) » existe déjà : révoquez-le d'abord ou choisissez un autre nom")
            }
            try db.execute(sql: "INSERT INTO accessToken (name, sha256, createdAt, createdBy) VALUES (?, ?, ?, ?)",
                           arguments: [name, Fingerprint.hex(of: Data(secret.utf8)), timestamp, actor])
            try log(db, actor: actor, action: "token.create", subject: ("token", name))
        }
        return secret
    }

    /// Every token, oldest first.
    public func tokens() throws -> [TokenInfo] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, createdAt, createdBy, revokedAt FROM accessToken ORDER BY id").map {
                TokenInfo(name: $0["name"], createdAt: $0["createdAt"], createdBy: $0["createdBy"], revokedAt: $0["revokedAt"])
            }
        }
    }

    /// Revokes the token `name`: requests carrying it are refused from then on.
    public func revokeToken(name: String, by actor: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE accessToken SET revokedAt = ?, revokedBy = ? WHERE name = ? AND revokedAt IS NULL",
                           arguments: [timestamp, actor, name])
            guard db.changesCount == 1 else {
                let known = try String.fetchAll(db, sql: "SELECT name FROM accessToken WHERE revokedAt IS NULL ORDER BY name")
                throw MatchError.store(path: path, "aucun jeton actif nommé « \(name) »"
                                       + (known.isEmpty ? " (il n'y en a aucun)" : " (actifs : \(known.joined(separator: ", ")))"))
            }
            try log(db, actor: actor, action: "token.revoke", subject: ("token", name))
        }
    }

    /// The name of the active token `secret`, or nil when it is unknown or revoked.
    public func tokenName(for secret: String) throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT name FROM accessToken WHERE sha256 = ? AND revokedAt IS NULL",
                                arguments: [Fingerprint.hex(of: Data(secret.utf8))])
        }
    }
}
