// The contract against MongoDB. Registered only when MONGODB_URL is set (no MongoDB server exists on
// the development machines); each test gets its own database, dropped afterwards.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoStore, databaseFromUrl } from '../../src/store/mongo-store.js';
import { storeContract } from './contract.js';

describe('MongoStore: databaseFromUrl', () => {
  it('reads the database named in a connection string', () => {
    expect(databaseFromUrl('mongodb://db1:27017,db2:27017/lineup?replicaSet=rs0')).to.equal('lineup');
    expect(databaseFromUrl('mongodb+srv://user:pw@cluster.example.test/tv')).to.equal('tv');
    expect(databaseFromUrl('mongodb://localhost:27017/?directConnection=true')).to.equal(null);
    expect(databaseFromUrl('mongodb://localhost:27017')).to.equal(null);
  });
});

const url = process.env.MONGODB_URL;
if (url) {
  describe('MongoStore', () => {
    const admin = new MongoClient(url);
    const databases: string[] = [];
    afterEach(async () => {
      for (const name of databases.splice(0)) await admin.db(name).dropDatabase();
    });
    after(() => admin.close());

    storeContract('mongodb', async () => {
      const dbName = `streamsync_test_${randomBytes(6).toString('hex')}`;
      databases.push(dbName);
      return MongoStore.open({ url, dbName });
    });
  });
}
