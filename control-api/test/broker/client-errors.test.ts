// One line per client error, at the level it deserves: ordinary disconnects at debug, a WebSocket frame
// over the limit at warn with its code and no stack (over a real socket), anything else at info.
import { expect } from 'chai';
import { once } from 'node:events';
import WebSocket from 'ws';
import { classifyClientError, logClientError } from '../../src/broker/client-errors.js';
import { BROKER_DEFAULTS } from '../../src/broker/defaults.js';
import { captureLogger } from '../../src/logging/capture-logger.js';
import { startHarness } from './harness.js';
import { waitFor } from './helpers.js';

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('broker/client-errors: how a client error is logged', () => {
  it('tells ordinary disconnects, oversized frames and the rest apart', () => {
    expect(classifyClientError(coded('ECONNRESET', 'read ECONNRESET'))).to.equal('ordinary');
    expect(classifyClientError(coded('EPIPE'))).to.equal('ordinary');
    expect(classifyClientError(new Error('connection closed'))).to.equal('ordinary');
    expect(classifyClientError(coded('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 'Max payload size exceeded'))).to.equal('frame-too-large');
    expect(classifyClientError(new Error('Invalid header flag bits, must be 0x0 for connect packet'))).to.equal('other');
    const log = captureLogger('debug');
    logClientError(log.logger, coded('ECONNRESET'), { clientId: 'tv-1', transport: 'mqtt' });
    logClientError(log.logger, new Error('Invalid protocol'), { clientId: 'tv-2', transport: 'mqtt' });
    expect(log.records.map((r) => [r.level, r.code])).to.deep.equal([
      ['debug', 'SS_MQTT_CLIENT_GONE'],
      ['info', 'SS_MQTT_CLIENT_ERROR'],
    ]);
  });

  it('a WebSocket frame over the limit: the connection is closed, one warn line, no error and no stack', async () => {
    const log = captureLogger('info');
    const h = await startHarness({ logger: log.logger });
    try {
      const ws = new WebSocket(h.wsUrl, 'mqtt');
      await once(ws, 'open');
      const closed = once(ws, 'close');
      ws.send(Buffer.alloc(h.settings.services.mqtt.maxPayloadBytes + BROKER_DEFAULTS.wsFrameOverheadBytes + 1, 0x30));
      await closed;
      await waitFor(() => log.records.some((r) => r.code === 'SS_WS_FRAME_TOO_LARGE'), 5000, 'the warn line');
      expect(log.at('error'), 'nothing at error level').to.deep.equal([]);
      const lines = log.records.filter((r) => r.code === 'SS_WS_FRAME_TOO_LARGE');
      expect(lines.length).to.equal(1);
      expect(lines[0]?.level).to.equal('warn');
      expect(JSON.stringify(lines[0]), 'no stack').to.not.include('stack');
    } finally {
      await h.close();
    }
  });
});
