// The one module that reaches into Aedes: the version check refuses untested versions with a coded
// error naming them; the internals it holds are there in the installed version.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { Duplex, Writable } from 'node:stream';
import { Aedes, type Client } from 'aedes';
import { TESTED_VERSIONS, checkAedesVersions, guardPacketSize, inRange, readInstalledVersions, writeFrameDirect } from '../../src/broker/aedes-internals.js';

const installedAedes = (JSON.parse(readFileSync(new URL('../../../node_modules/aedes/package.json', import.meta.url), 'utf8')) as { version: string }).version;

function thrown(fn: () => void): (Error & { code?: string }) | null {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  return null;
}

describe('broker/aedes-internals', () => {
  describe('version check', () => {
    it('reads the installed versions from the packages themselves', () => {
      const installed = readInstalledVersions();
      expect(installed.aedes).to.equal(installedAedes);
      expect(installed.mqttPacket).to.match(/^\d+\.\d+\.\d+/);
    });

    it('accepts the installed versions (they are the tested ones)', () => {
      expect(thrown(() => checkAedesVersions())).to.equal(null);
      expect(thrown(() => checkAedesVersions({ aedes: '1.2.0', mqttPacket: '9.0.2' }))).to.equal(null);
      expect(thrown(() => checkAedesVersions({ aedes: '1.2.9', mqttPacket: '9.9.0' }))).to.equal(null);
    });

    it('refuses an untested Aedes with SS_BROKER_AEDES_UNTESTED naming the version and the range', () => {
      for (const aedes of ['1.3.0', '2.0.0-beta.1', '2.0.0', '1.1.3', '0.51.3', 'garbage']) {
        const err = thrown(() => checkAedesVersions({ aedes, mqttPacket: '9.0.2' }));
        expect(err?.code, aedes).to.equal('SS_BROKER_AEDES_UNTESTED');
        expect(err?.message).to.contain(`aedes ${aedes} is installed`);
        expect(err?.message).to.contain(`>=${TESTED_VERSIONS.aedes.from} <${TESTED_VERSIONS.aedes.below}`);
      }
    });

    it("refuses an untested mqtt-packet (the parser the guard wraps)", () => {
      const err = thrown(() => checkAedesVersions({ aedes: '1.2.0', mqttPacket: '10.0.0' }));
      expect(err?.code).to.equal('SS_BROKER_AEDES_UNTESTED');
      expect(err?.message).to.contain('mqtt-packet 10.0.0 is installed');
    });

    it('compares versions by number, range end excluded, pre-releases outside', () => {
      const r = { from: '1.2.0', below: '1.3.0' };
      expect(['1.2.0', '1.2.10', '1.2.999'].map((v) => inRange(v, r))).to.deep.equal([true, true, true]);
      expect(['1.3.0', '1.10.0', '1.1.99', '1.2.1-rc.1', '1.2', ''].map((v) => inRange(v, r))).to.deep.equal([false, false, false, false, false, false]);
    });
  });

  describe('internals in the installed version', () => {
    it('finds the MQTT parser the packet-size guard wraps', async () => {
      const aedes = await Aedes.createBroker();
      try {
        const serverSide = new Duplex({
          read() {},
          write(_chunk, _encoding, cb) {
            cb();
          },
        });
        const client = aedes.handle(serverSide);
        expect(guardPacketSize(client, 1024)).to.equal(true);
        serverSide.destroy();
      } finally {
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
      }
    });

    it('writes a frame directly only to a connected, writable, not backed-up socket', () => {
      const conn = new Writable({ write() {} }); // never drains: what is written stays buffered
      const client = { connected: true, conn } as unknown as Client;
      let made = 0;
      const frame = () => {
        made++;
        return Buffer.from([0x30, 0]);
      };
      expect(writeFrameDirect(client, frame)).to.equal(true);
      expect(writeFrameDirect(client, Buffer.from([0x30, 0]), { maxBufferedBytes: 0 })).to.equal(false); // 2 bytes unread
      expect(made).to.equal(1);
      const gone = { connected: false, conn } as unknown as Client;
      expect(writeFrameDirect(gone, frame)).to.equal(false);
      expect(made, 'no frame made for a client that is gone').to.equal(1);
    });
  });
});
