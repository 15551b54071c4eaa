import GRDB

/// The store's schema, as a timeline of migrations. **A migration that has shipped is never edited**:
/// a change is a new migration appended at the end (GRDB's Migrations guide). Migrations speak SQL only,
/// never Swift types, so that they describe the past schema forever. docs/store.md shows the tables.
///
/// There is deliberately no `eraseDatabaseOnSchemaChange`, even in debug builds: `swift run` builds in
/// debug, and a user's store must never be wiped because a migration changed under development.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 referentials", migrate: v1Referentials)
        migrator.registerMigration("v1 imports and audit", migrate: v1ImportsAndAudit)
        migrator.registerMigration("v1 offers", migrate: v1Offers)
        migrator.registerMigration("v1 candidates", migrate: v1Candidates)
        migrator.registerMigration("v1 vectors", migrate: v1Vectors)
        migrator.registerMigration("v1 shortlists", migrate: v1Shortlists)
        migrator.registerMigration("v2 service", migrate: v2Service)
        migrator.registerMigration("v3 inferred ROME codes", migrate: v3InferredRomeCodes)
        migrator.registerMigration("v4 desk", migrate: v4Desk)
        migrator.registerMigration("v5 offer lifecycle", migrate: v5OfferLifecycle)
        migrator.registerMigration("v5 batch reports", migrate: v5BatchReports)
        migrator.registerMigration("v6 experience end dates", migrate: v6ExperienceEndDates)
        migrator.registerMigration("v7 one row per candidate", migrate: v7OneRowPerCandidate)
        return migrator
    }

    /// Names of the registered migrations, in order.
    static var migrationNames: [String] { migrator.migrations }

    private static func v1Referentials(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE referentialVersion (
              name TEXT PRIMARY KEY,
              version TEXT NOT NULL,
              rowCount INTEGER NOT NULL,
              loadedAt TEXT NOT NULL
            ) STRICT;
            CREATE TABLE romeFiche (
              code TEXT PRIMARY KEY,
              label TEXT NOT NULL,
              parentCode TEXT NOT NULL,
              domaineCode TEXT NOT NULL
            ) STRICT, WITHOUT ROWID;
            CREATE TABLE romeItem (
              code TEXT PRIMARY KEY,
              label TEXT NOT NULL,
              kind TEXT NOT NULL
            ) STRICT, WITHOUT ROWID;
            CREATE TABLE commune (
              code TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              latitude REAL NOT NULL,
              longitude REAL NOT NULL,
              population INTEGER NOT NULL,
              epci TEXT,
              zoneEmploi TEXT
            ) STRICT, WITHOUT ROWID;
            CREATE TABLE storeSetting (
              key TEXT PRIMARY KEY,
              value TEXT NOT NULL
            ) STRICT;
            """)
    }

    private static func v1ImportsAndAudit(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE fileImport (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              kind TEXT NOT NULL CHECK (kind IN ('offers', 'candidates')),
              fileName TEXT NOT NULL,
              sha256 TEXT NOT NULL,
              format TEXT NOT NULL CHECK (format IN ('json', 'csv')),
              mode TEXT NOT NULL CHECK (mode IN ('strict', 'skipInvalid')),
              importedAt TEXT NOT NULL,
              importedBy TEXT NOT NULL,
              rowsRead INTEGER NOT NULL,
              rowsInserted INTEGER NOT NULL,
              rowsUpdated INTEGER NOT NULL,
              rowsUnchanged INTEGER NOT NULL,
              rowsRejected INTEGER NOT NULL,
              errors TEXT NOT NULL,
              warnings TEXT NOT NULL,
              modelVersion TEXT NOT NULL
            ) STRICT;
            CREATE TABLE auditEvent (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              at TEXT NOT NULL,
              actor TEXT NOT NULL,
              action TEXT NOT NULL,
              subjectKind TEXT,
              subjectId TEXT,
              importId INTEGER REFERENCES fileImport(id),
              shortlistId INTEGER,
              detail TEXT NOT NULL
            ) STRICT;
            CREATE INDEX auditEvent_subject ON auditEvent(subjectKind, subjectId);
            """)
    }

    private static func v1Offers(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE offer (
              offerKey INTEGER PRIMARY KEY,
              id TEXT NOT NULL UNIQUE,
              intitule TEXT,
              romeCode TEXT NOT NULL,
              appellationCode TEXT,
              lieuLibelle TEXT,
              lieuCommune TEXT,
              latitude REAL,
              longitude REAL,
              typeContrat TEXT,
              nombrePostes INTEGER NOT NULL,
              experienceExige TEXT CHECK (experienceExige IN ('D', 'S', 'E')),
              experienceLibelle TEXT,
              experienceMois INTEGER,
              accessibleTH INTEGER,
              dateCreation TEXT,
              dateDebut TEXT,
              publicsPrioritaires TEXT NOT NULL,
              contentHash INTEGER NOT NULL,
              importId INTEGER REFERENCES fileImport(id),
              createdAt TEXT NOT NULL,
              updatedAt TEXT NOT NULL
            ) STRICT;
            CREATE INDEX offer_romeCode ON offer(romeCode);
            CREATE TABLE offerCompetence (
              offerKey INTEGER NOT NULL REFERENCES offer(offerKey) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              code TEXT,
              libelle TEXT,
              exigence TEXT NOT NULL CHECK (exigence IN ('E', 'S')),
              PRIMARY KEY (offerKey, position)
            ) STRICT, WITHOUT ROWID;
            CREATE TABLE offerPermis (
              offerKey INTEGER NOT NULL REFERENCES offer(offerKey) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              libelle TEXT NOT NULL,
              exigence TEXT NOT NULL CHECK (exigence IN ('E', 'S')),
              PRIMARY KEY (offerKey, position)
            ) STRICT, WITHOUT ROWID;
            CREATE TABLE offerLangue (
              offerKey INTEGER NOT NULL REFERENCES offer(offerKey) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              libelle TEXT NOT NULL,
              exigence TEXT NOT NULL CHECK (exigence IN ('E', 'S')),
              PRIMARY KEY (offerKey, position)
            ) STRICT, WITHOUT ROWID;
            CREATE TABLE offerFormation (
              offerKey INTEGER NOT NULL REFERENCES offer(offerKey) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              niveauLibelle TEXT,
              domaineLibelle TEXT,
              exigence TEXT NOT NULL CHECK (exigence IN ('E', 'S')),
              PRIMARY KEY (offerKey, position)
            ) STRICT, WITHOUT ROWID;
            """)
    }

    /// Lists of codes (fiches looked for, skills, licences, contract types, transport modes) are JSON
    /// arrays in the candidate's row — `json_each(candidate.competences)` reads them in SQL — while lists
    /// of facts with fields of their own (experiences, languages) are child tables. A candidate is then
    /// about 4 rows instead of 30, which is what lets 500,000 candidates import in seconds. (`v7` makes it one.)
    private static func v1Candidates(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE candidate (
              candidateKey INTEGER PRIMARY KEY,
              id TEXT NOT NULL UNIQUE,
              commune TEXT NOT NULL,
              metiersRecherches TEXT NOT NULL,
              competences TEXT NOT NULL,
              niveauDiplome INTEGER NOT NULL,
              permis TEXT NOT NULL,
              modes TEXT NOT NULL,
              tempsMaxMinutes INTEGER NOT NULL,
              rayonKm REAL,
              contrats TEXT NOT NULL,
              disponibleLe TEXT,
              dateNaissance TEXT,
              inscritDepuis TEXT,
              rqth INTEGER NOT NULL,
              rsa INTEGER NOT NULL,
              qpv INTEGER NOT NULL,
              licenciementEconomique INTEGER NOT NULL,
              formationRomeCode TEXT,
              formationFin TEXT,
              contentHash INTEGER NOT NULL,
              importId INTEGER REFERENCES fileImport(id),
              createdAt TEXT NOT NULL,
              updatedAt TEXT NOT NULL
            ) STRICT;
            CREATE TABLE candidateExperience (
              candidateKey INTEGER NOT NULL REFERENCES candidate(candidateKey) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              romeCode TEXT NOT NULL,
              mois INTEGER NOT NULL,
              PRIMARY KEY (candidateKey, position)
            ) STRICT, WITHOUT ROWID;
            CREATE TABLE candidateLanguage (
              candidateKey INTEGER NOT NULL REFERENCES candidate(candidateKey) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              langue TEXT NOT NULL,
              niveau TEXT,
              PRIMARY KEY (candidateKey, position)
            ) STRICT, WITHOUT ROWID;
            """)
    }

    private static func v1Vectors(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE candidateVector (
              candidateKey INTEGER PRIMARY KEY REFERENCES candidate(candidateKey) ON DELETE CASCADE,
              modelVersion TEXT NOT NULL,
              dimension INTEGER NOT NULL,
              vector BLOB NOT NULL
            ) STRICT;
            CREATE TABLE offerVector (
              offerKey INTEGER PRIMARY KEY REFERENCES offer(offerKey) ON DELETE CASCADE,
              modelVersion TEXT NOT NULL,
              dimension INTEGER NOT NULL,
              vector BLOB NOT NULL
            ) STRICT;
            """)
    }

    private static func v1Shortlists(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE shortlist (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              offerId TEXT NOT NULL,
              offerTitle TEXT,
              offer TEXT NOT NULL,
              parameters TEXT NOT NULL,
              embeddingVersion TEXT NOT NULL,
              policyVersion TEXT NOT NULL,
              referenceDate TEXT NOT NULL,
              requestedBy TEXT NOT NULL,
              createdAt TEXT NOT NULL,
              considered INTEGER NOT NULL,
              scanned INTEGER NOT NULL,
              excluded TEXT NOT NULL,
              warnings TEXT NOT NULL
            ) STRICT;
            CREATE INDEX shortlist_offerId ON shortlist(offerId);
            CREATE TABLE shortlistEntry (
              shortlistId INTEGER NOT NULL REFERENCES shortlist(id) ON DELETE CASCADE,
              rank INTEGER NOT NULL,
              candidateId TEXT,
              erased INTEGER NOT NULL DEFAULT 0,
              score REAL,
              travelMinutes REAL,
              travelMode TEXT,
              limitMinutes REAL,
              distanceKm REAL,
              travelSource TEXT,
              components TEXT,
              matched TEXT,
              missing TEXT,
              priorityPublics TEXT,
              PRIMARY KEY (shortlistId, rank),
              CHECK (erased = 0 OR (candidateId IS NULL AND score IS NULL AND travelMinutes IS NULL
                AND travelMode IS NULL AND limitMinutes IS NULL AND distanceKm IS NULL AND travelSource IS NULL
                AND components IS NULL AND matched IS NULL AND missing IS NULL AND priorityPublics IS NULL)),
              CHECK (erased = 1 OR candidateId IS NOT NULL)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX shortlistEntry_candidateId ON shortlistEntry(candidateId);
            """)
    }

    /// The service: bearer tokens (only the SHA-256 of each is kept), and the candidates each audited read
    /// showed (one row per candidate, so that an erasure deletes theirs by index).
    /// Offers whose fiche was found from their title at import, not given (`romeCodeDeduit`).
    private static func v3InferredRomeCodes(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE offer ADD COLUMN romeCodeDeduit INTEGER NOT NULL DEFAULT 0")
    }

    private static func v2Service(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE accessToken (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL UNIQUE,
              sha256 TEXT NOT NULL UNIQUE,
              createdAt TEXT NOT NULL,
              createdBy TEXT NOT NULL,
              revokedAt TEXT,
              revokedBy TEXT
            ) STRICT;
            CREATE TABLE auditCandidate (
              eventId INTEGER NOT NULL REFERENCES auditEvent(id) ON DELETE CASCADE,
              candidateId TEXT NOT NULL,
              PRIMARY KEY (eventId, candidateId)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX auditCandidate_candidateId ON auditCandidate(candidateId);
            """)
    }

    /// The assistants' desk: platforms and their territory (EPCI), accounts (bcrypt hashes only), what the
    /// desk knows of an offer beyond the offer itself (platform, status, company), and the proposals made to
    /// employers with each step of their follow-up. A proposal keeps whether the candidate belonged to a
    /// priority public when proposed (the bilan's shares); an erasure empties its candidate id.
    private static func v4Desk(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE platform (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              contact TEXT NOT NULL,
              epci TEXT NOT NULL,
              createdAt TEXT NOT NULL
            ) STRICT, WITHOUT ROWID;
            CREATE TABLE account (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              login TEXT NOT NULL UNIQUE,
              displayName TEXT NOT NULL,
              passwordHash TEXT NOT NULL,
              role TEXT NOT NULL CHECK (role IN ('assistant', 'responsable', 'admin')),
              platformId TEXT NOT NULL REFERENCES platform(id),
              createdAt TEXT NOT NULL,
              disabledAt TEXT
            ) STRICT;
            CREATE TABLE deskOffer (
              offerId TEXT PRIMARY KEY,
              platformId TEXT NOT NULL REFERENCES platform(id),
              status TEXT NOT NULL CHECK (status IN ('ouverte', 'pourvue', 'annulee')),
              openPositions INTEGER NOT NULL CHECK (openPositions >= 0),
              company TEXT NOT NULL,
              siret TEXT,
              sizeBand TEXT NOT NULL,
              hiddenMarket INTEGER NOT NULL,
              createdBy TEXT NOT NULL,
              createdAt TEXT NOT NULL,
              closedAt TEXT
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX deskOffer_platform ON deskOffer(platformId, createdAt);
            CREATE TABLE proposal (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              offerId TEXT NOT NULL,
              platformId TEXT NOT NULL,
              candidateId TEXT,
              erased INTEGER NOT NULL DEFAULT 0,
              priorityPublic INTEGER NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('propose', 'entretien', 'embauche', 'non_retenu', 'desiste')),
              reason TEXT,
              proposedOn TEXT NOT NULL,
              proposedBy TEXT NOT NULL,
              UNIQUE (offerId, candidateId)
            ) STRICT;
            CREATE INDEX proposal_candidate ON proposal(candidateId);
            CREATE TABLE proposalEvent (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              proposalId INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
              status TEXT NOT NULL,
              reason TEXT,
              day TEXT NOT NULL,
              recordedAt TEXT NOT NULL,
              actor TEXT NOT NULL
            ) STRICT;
            CREATE INDEX proposalEvent_proposal ON proposalEvent(proposalId);
            """)
    }

    /// An offer's life in the store: open until closed (`cloturee`, with when, by whom and why) or until
    /// its expiry day has passed. The batch takes open offers only. Offers stored before start open.
    private static func v5OfferLifecycle(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE offer ADD COLUMN status TEXT NOT NULL DEFAULT 'ouverte' CHECK (status IN ('ouverte', 'cloturee'));
            ALTER TABLE offer ADD COLUMN expiresOn TEXT;
            ALTER TABLE offer ADD COLUMN closedAt TEXT;
            ALTER TABLE offer ADD COLUMN closedBy TEXT;
            ALTER TABLE offer ADD COLUMN closeReason TEXT;
            """)
    }

    /// What each batch run on the store found, kept for later comparison: its figures as columns, the
    /// breakdowns and the leavers without a proposal as JSON (ids only: erasure empties them).
    private static func v5BatchReports(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE batchReport (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              ranAt TEXT NOT NULL,
              ranBy TEXT NOT NULL,
              referenceDate TEXT NOT NULL,
              method TEXT NOT NULL,
              cohort INTEGER NOT NULL,
              openOffers INTEGER NOT NULL,
              posts INTEGER NOT NULL,
              proposals INTEGER NOT NULL,
              leaversWithProposal INTEGER NOT NULL,
              parameters TEXT NOT NULL,
              analysis TEXT NOT NULL
            ) STRICT;
            """)
    }

    /// When an experience ended (`fin`, optional): inferred competences fade with the years since.
    private static func v6ExperienceEndDates(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE candidateExperience ADD COLUMN fin TEXT")
    }

    /// A candidate is one row: its experiences and languages move into JSON columns of `candidate`
    /// (arrays of objects in the candidate file's format, `[{"romeCode":"N1101","mois":60}]`), and its skill
    /// profile is no longer stored — the index computes it from the candidate (on every core, under two
    /// seconds for 500,000) and its snapshot keeps it. Together the child rows and the profiles were 1.9
    /// million rows and about 300 MiB of a 500,000-candidate import. Dropped tables' pages are zeroed
    /// (`secure_delete`) and reused by later writes.
    private static func v7OneRowPerCandidate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE candidate ADD COLUMN experiences TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE candidate ADD COLUMN langues TEXT NOT NULL DEFAULT '[]';
            UPDATE candidate SET experiences = (
              SELECT json_group_array(json(item)) FROM (
                SELECT CASE WHEN fin IS NULL THEN json_object('romeCode', romeCode, 'mois', mois)
                            ELSE json_object('romeCode', romeCode, 'mois', mois, 'fin', fin) END AS item
                FROM candidateExperience e WHERE e.candidateKey = candidate.candidateKey ORDER BY position))
            WHERE candidateKey IN (SELECT candidateKey FROM candidateExperience);
            UPDATE candidate SET langues = (
              SELECT json_group_array(json(item)) FROM (
                SELECT CASE WHEN niveau IS NULL THEN json_object('langue', langue)
                            ELSE json_object('langue', langue, 'niveau', niveau) END AS item
                FROM candidateLanguage l WHERE l.candidateKey = candidate.candidateKey ORDER BY position))
            WHERE candidateKey IN (SELECT candidateKey FROM candidateLanguage);
            DROP TABLE candidateExperience;
            DROP TABLE candidateLanguage;
            DROP TABLE candidateVector;
            """)
    }
}
