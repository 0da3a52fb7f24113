/**
 * The sandbox's one SQL path, every unit of work serialised. A local database (`:memory:`, `file:PATH`) is driven through
 * the `libsql` package's synchronous API with its prepared statements kept: `@libsql/client` (0.18) prepares every
 * statement again on every call and wraps each in promises and result objects, which cost a declare more CPU than its
 * SQL. A libSQL server (`libsql://…`, `http://…`) goes through `@libsql/client`, as before.
 */
import { createClient, type Client, type InArgs, type InStatement, type InValue, type Transaction } from '@libsql/client';
import Database from 'libsql';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS enterprises (code TEXT PRIMARY KEY, uscc TEXT NOT NULL, name TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS operators (id TEXT PRIMARY KEY, enterprise TEXT NOT NULL, name TEXT NOT NULL, ekey_fingerprint TEXT, ekey_subject TEXT, ekey_bound_at TEXT)`,
  `CREATE TABLE IF NOT EXISTS tokens (hash TEXT PRIMARY KEY, operator TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT, revoked_at TEXT)`,
  `CREATE TABLE IF NOT EXISTS applications (
     n INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, enterprise TEXT NOT NULL, created_by TEXT NOT NULL,
     status TEXT NOT NULL, version INTEGER NOT NULL, year INTEGER, hs_code TEXT, importing_country TEXT,
     mofcom_no TEXT, licence_no TEXT UNIQUE, doc TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
     declared_at TEXT, approved_at TEXT)`,
  `CREATE INDEX IF NOT EXISTS applications_enterprise ON applications (enterprise, n)`,
  `CREATE TABLE IF NOT EXISTS opinions (n INTEGER PRIMARY KEY AUTOINCREMENT, application_id TEXT NOT NULL, stage TEXT NOT NULL, decision TEXT NOT NULL, text TEXT NOT NULL, reviewer TEXT NOT NULL, at TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS opinions_application ON opinions (application_id, n)`,
  `CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, enterprise TEXT NOT NULL, application_id TEXT NOT NULL, operator TEXT NOT NULL, receipt TEXT NOT NULL, enterprise_seq INTEGER)`,
  `CREATE INDEX IF NOT EXISTS events_enterprise ON events (enterprise, seq)`,
  `CREATE INDEX IF NOT EXISTS events_application ON events (application_id, seq)`,
  // Several attachments of a type may belong to one application (perRow types: one per spec row); the handlers keep the other types to one.
  `CREATE TABLE IF NOT EXISTS attachments (id TEXT PRIMARY KEY, application_id TEXT NOT NULL, type TEXT NOT NULL, file_name TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, uploaded_at TEXT NOT NULL, content BLOB NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS attachments_application ON attachments (application_id, type)`,
  `CREATE TABLE IF NOT EXISTS write_offs (seq INTEGER PRIMARY KEY AUTOINCREMENT, enterprise TEXT NOT NULL, licence_no TEXT NOT NULL, declaration_no TEXT NOT NULL, port TEXT NOT NULL, date TEXT NOT NULL, quantity_used TEXT NOT NULL, quantity_left TEXT NOT NULL, recorded_at TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS write_offs_licence ON write_offs (licence_no, seq)`,
  `CREATE TABLE IF NOT EXISTS idempotency (operator TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER NOT NULL, headers TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (operator, key))`,
  // Expired records are deleted on every stored answer: without this index that delete read the whole table each time.
  `CREATE INDEX IF NOT EXISTS idempotency_created_at ON idempotency (created_at)`,
  `CREATE TABLE IF NOT EXISTS subscriptions (id TEXT PRIMARY KEY, enterprise TEXT NOT NULL, operator TEXT NOT NULL, mode TEXT NOT NULL, target TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS challenges (challenge TEXT PRIMARY KEY, operator TEXT NOT NULL, expires_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)`,
];

/** Columns added since the first schema: a file database of an earlier version gains them (earlier tokens expire 7 days after they were issued). */
const ADDED_COLUMNS: readonly { table: string; column: string; type: string }[] = [
  { table: 'tokens', column: 'expires_at', type: 'TEXT' },
  { table: 'tokens', column: 'revoked_at', type: 'TEXT' },
  { table: 'events', column: 'enterprise_seq', type: 'INTEGER' },
];

/** Migrates a database of an earlier sandbox version: columns added since, and values they need. */
async function migrate(db: Db): Promise<void> {
  for (const { table, column, type } of ADDED_COLUMNS) {
    const columns = await db.all(`PRAGMA table_info(${table})`);
    if (!columns.some((row) => row.name === column)) await db.write([`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`]);
  }
  // Tokens of an earlier version expire like new ones: seven days after they were issued.
  await db.write(["UPDATE tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+7 days') WHERE expires_at IS NULL"]);
  // Events of an earlier version get their place in their own enterprise's feed.
  await db.write(['UPDATE events SET enterprise_seq = (SELECT COUNT(*) FROM events e WHERE e.enterprise = events.enterprise AND e.seq <= events.seq) WHERE enterprise_seq IS NULL']);
  await db.write(['CREATE UNIQUE INDEX IF NOT EXISTS events_enterprise_seq ON events (enterprise, enterprise_seq)']);
}

/** A value read back: text, a number, null, or a blob's bytes (a Uint8Array from a local database, an ArrayBuffer from a server). */
type DbValue = null | string | number | bigint | ArrayBuffer | Uint8Array;

/** A row read back, by column name. */
export type DbRow = Readonly<Record<string, DbValue>>;

/** The database handle the handlers use: reads, and atomic write batches. */
export interface Db {
  /** Runs `work` alone: no other unit of work interleaves, so a read-then-write is consistent. */
  serial<T>(work: () => Promise<T>): Promise<T>;
  all(sql: string, args?: InArgs): Promise<DbRow[]>;
  one(sql: string, args?: InArgs): Promise<DbRow | undefined>;
  /** Applies the statements atomically (one transaction, one commit; inside a unit, part of the unit's transaction). */
  write(statements: InStatement[]): Promise<number[]>;
  /** Runs `work` alone and in one transaction: every read and write inside it commits together or not at all. */
  unit<T>(work: () => Promise<T>): Promise<T>;
  /**
   * The next value of a sequence (a counter, an enterprise's event feed), taken under the serial lock; the caller
   * writes it in the same transaction as what it numbers. `last` reads the sequence's last value from the database.
   * A local database reads it once and then counts in memory (forgetting every count when a transaction rolls back,
   * so the next value is read again); a libSQL server, which other sandboxes may share, is read every time.
   */
  next(name: string, last: () => Promise<number>): Promise<number>;
  close(): void;
}

/** Migrates a file database of an earlier sandbox, whose attachments table allowed one attachment per type, to the table without that constraint. */
async function dropOneAttachmentPerType(db: Db): Promise<void> {
  const found = await db.one("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'attachments'");
  if (!String(found?.sql ?? '').includes('UNIQUE (application_id, type)')) return;
  await db.write(['ALTER TABLE attachments RENAME TO attachments_one_per_type', SCHEMA.find((sql) => sql.includes('TABLE IF NOT EXISTS attachments'))!, 'INSERT INTO attachments SELECT * FROM attachments_one_per_type', 'DROP TABLE attachments_one_per_type']);
}

/** Opens (and migrates) the database at `url`: `:memory:`, `file:PATH`, `libsql://…` or `http://…`. */
export async function openDb(url: string, authToken?: string): Promise<Db> {
  const path = localPath(url);
  const db = path === undefined ? openServerDb(url, authToken) : openLocalDb(path);
  try {
    await dropOneAttachmentPerType(db);
    await db.write(SCHEMA);
    await migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * The path the `libsql` package opens for a local URL (`:memory:`, `file:PATH`, `file:///PATH`), or undefined for a
 * server's URL. A `file:` URL with a query (`?mode=…`) stays with `@libsql/client`, which reads its parameters.
 */
function localPath(url: string): string | undefined {
  if (url === ':memory:') return ':memory:';
  if (!url.startsWith('file:') || url.includes('?') || url.includes('#')) return undefined;
  const rest = url.slice('file:'.length);
  // file:///abs and file://localhost/abs name /abs; file:rel and file:/abs name themselves.
  const path = rest.startsWith('//') ? rest.replace(/^\/\/(localhost)?(?=\/)/, '') : rest;
  if (path.startsWith('//') || path === '') return undefined;
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** Runs units one after another: each starts when the previous one has settled. */
function createSerial(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** How many prepared statements a local database keeps (the sandbox's SQL is a few dozen texts; list filters vary). */
const PREPARED_STATEMENTS = 256;

/** A value as the `libsql` package binds it (the conversions `@libsql/client` makes). */
function toSql(value: InValue): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
  return value;
}

function toSqlArgs(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (args === undefined) return [];
  if (Array.isArray(args)) return args.map(toSql);
  const named: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) named[/^[@$:]/.test(name) ? name.slice(1) : name] = toSql(value);
  return named;
}

/**
 * A local database through the `libsql` package: one connection (every unit is serialised, and `:memory:` exists on
 * its connection only), statements prepared once and kept, and a unit of work as BEGIN IMMEDIATE … COMMIT around it.
 */
function openLocalDb(path: string): Db {
  const database = new Database(path);
  const prepared = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let found = prepared.get(sql);
    if (found === undefined) {
      found = database.prepare(sql);
      // The oldest statement goes first: a list filter's variants come and go, the declare path's stay.
      if (prepared.size >= PREPARED_STATEMENTS) prepared.delete(prepared.keys().next().value!);
      prepared.set(sql, found);
    } else {
      // Most recently used last, so the statements in use stay.
      prepared.delete(sql);
      prepared.set(sql, found);
    }
    return found;
  };
  if (path !== ':memory:') {
    // WAL with synchronous=NORMAL: a commit is written to the WAL before the answer goes out, so it survives the process being killed (kill -9); only a power cut may lose the last commits, which a sandbox accepts for fewer fsyncs.
    database.exec('PRAGMA journal_mode = WAL');
    database.exec('PRAGMA synchronous = NORMAL');
    database.exec('PRAGMA busy_timeout = 5000');
  }
  const serial = createSerial();
  // The last value of each sequence used since the start (or the last rollback), as committed or about to be.
  const sequences = new Map<string, number>();
  const rolledBack = () => {
    if (database.inTransaction) rollback.run();
    sequences.clear();
  };
  // Whether a unit's transaction is open. Every statement meanwhile runs inside it (a read outside the unit, such as
  // authentication, then sees the unit's writes, which is harmless for reads), as with @libsql/client's one connection.
  let open = false;
  // Whether a statement returns rows, by statement (asking the statement is a call into the native module each time).
  const readers = new WeakMap<Database.Statement, boolean>();
  const run = (item: InStatement): number => {
    const { sql, args } = typeof item === 'string' ? { sql: item, args: undefined } : item;
    const found = statement(sql);
    let reader = readers.get(found);
    if (reader === undefined) {
      reader = found.reader;
      readers.set(found, reader);
    }
    if (reader) {
      found.all(toSqlArgs(args));
      return 0;
    }
    return found.run(toSqlArgs(args)).changes;
  };
  const begin = statement('BEGIN IMMEDIATE');
  const commit = statement('COMMIT');
  const rollback = statement('ROLLBACK');
  return {
    serial,
    unit<T>(work: () => Promise<T>): Promise<T> {
      return serial(async () => {
        begin.run();
        open = true;
        try {
          const result = await work();
          commit.run();
          return result;
        } catch (error) {
          rolledBack();
          throw error;
        } finally {
          open = false;
        }
      });
    },
    // Async, so a failure is a rejected promise, as from @libsql/client.
    async all(sql, args) {
      return statement(sql).all(toSqlArgs(args)) as DbRow[];
    },
    async one(sql, args) {
      return statement(sql).get(toSqlArgs(args)) as DbRow | undefined;
    },
    async write(statements) {
      if (statements.length === 0) return [];
      if (open || statements.length === 1) {
        try {
          return statements.map(run);
        } catch (error) {
          // Inside a unit, the unit rolls back; the counts are forgotten either way.
          sequences.clear();
          throw error;
        }
      }
      begin.run();
      try {
        const changed = statements.map(run);
        commit.run();
        return changed;
      } catch (error) {
        rolledBack();
        throw error;
      }
    },
    async next(name, last) {
      const value = (sequences.get(name) ?? (await last())) + 1;
      sequences.set(name, value);
      return value;
    },
    close: () => {
      prepared.clear();
      database.close();
    },
  };
}

/** A libSQL server through `@libsql/client` (or a local URL it reads, such as `file:PATH?mode=…`). */
function openServerDb(url: string, authToken?: string): Db {
  const local = url.startsWith('file:');
  // Every unit of work is serialised, so one local connection is enough.
  const client: Client = createClient({ url, ...(authToken === undefined ? {} : { authToken }), ...(local ? { concurrency: 1 } : {}) });
  const serial = createSerial();
  // The open unit's transaction. It holds the client's one connection, so every statement meanwhile goes through it.
  let open: Transaction | undefined;
  return {
    serial,
    unit<T>(work: () => Promise<T>): Promise<T> {
      return serial(async () => {
        const tx = await client.transaction('write');
        open = tx;
        try {
          const result = await work();
          await tx.commit();
          return result;
        } catch (error) {
          await tx.rollback();
          throw error;
        } finally {
          open = undefined;
          tx.close();
        }
      });
    },
    async all(sql, args) {
      return (await (open ?? client).execute(args === undefined ? sql : { sql, args })).rows;
    },
    async one(sql, args) {
      return (await (open ?? client).execute(args === undefined ? sql : { sql, args })).rows[0];
    },
    async write(statements) {
      if (statements.length === 0) return [];
      if (open !== undefined) return (await open.batch(statements)).map((result) => result.rowsAffected);
      const [first] = statements;
      if (statements.length === 1 && first !== undefined) return [(await client.execute(first)).rowsAffected];
      return (await client.batch(statements, 'write')).map((result) => result.rowsAffected);
    },
    async next(_name, last) {
      return (await last()) + 1;
    },
    close: () => client.close(),
  };
}

/** A counter's next value, and the statement that stores it (to add to the same write). */
export async function nextCounter(db: Db, name: string): Promise<{ value: number; statement: InStatement }> {
  const value = await db.next(`counter:${name}`, async () => Number((await db.one('SELECT value FROM counters WHERE name = ?', [name]))?.value ?? 0));
  return { value, statement: { sql: 'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value', args: [name, value] } };
}
