// The store contract against MongoDB-wire servers (below); each test gets its own database, dropped
// afterwards.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoStore, databaseFromUrl } from '../../src/store/mongo-store.js';
import { storeContract, type ContractOptions } from './contract.js';
import { FERRETDB_VERSION, ferretdbBinary, startFerretdb, type RunningFerretdb } from './ferretdb.js';

describe('MongoStore: databaseFromUrl', () => {
  it('reads the database named in a connection string', () => {
    expect(databaseFromUrl('mongodb://db1:27017,db2:27017/lineup?replicaSet=rs0')).to.equal('lineup');
    expect(databaseFromUrl('mongodb+srv://user:pw@cluster.example.test/tv')).to.equal('tv');
    expect(databaseFromUrl('mongodb://localhost:27017/?directConnection=true')).to.equal(null);
    expect(databaseFromUrl('mongodb://localhost:27017')).to.equal(null);
  });
});

// The contract against a MongoDB-wire server: MONGODB_URL's (a real MongoDB), else FerretDB built by
// .ci/ferretdb.sh (npm test builds it once per machine). Without either, this says by name that the
// suite did not run, and how to run it.
function contractOn(name: string, server: () => { url: string }, options: ContractOptions = {}): void {
  const databases: string[] = [];
  let admin: MongoClient | null = null;
  afterEach(async () => {
    for (const dbName of databases.splice(0)) await admin?.db(dbName).dropDatabase();
  });
  after(() => admin?.close());
  storeContract(
    name,
    async () => {
      const { url } = server();
      admin ??= new MongoClient(url);
      const dbName = `streamsync_test_${randomBytes(6).toString('hex')}`;
      databases.push(dbName);
      return MongoStore.open({ url, dbName });
    },
    options,
  );
}

const mongoUrl = process.env.MONGODB_URL;
const ferret = mongoUrl ? null : ferretdbBinary();
if (mongoUrl) {
  describe('MongoStore on MONGODB_URL', () => contractOn('mongodb', () => ({ url: mongoUrl })));
} else if (ferret) {
  describe(`MongoStore on FerretDB ${FERRETDB_VERSION} (SQLite)`, function () {
    this.timeout(30_000);
    let running: RunningFerretdb | null = null;
    before(async () => {
      running = await startFerretdb(ferret);
    });
    after(() => running?.stop());
    contractOn(`ferretdb ${FERRETDB_VERSION}`, () => ({ url: running?.url ?? '' }), { noAtomicLease: 'its findAndModify is not atomic across concurrent requests' });
  });
} else {
  describe('MongoStore — NOT RUN: no MONGODB_URL and no FerretDB on this machine (run .ci/ferretdb.sh, which needs Go, or set MONGODB_URL)', () => {
    it('did not run the MongoDB store contract', function () {
      this.skip();
    });
  });
}
