// The documents of an emulated HDHomeRun network tuner, so Plex, Jellyfin and Emby can add StreamSync
// as a tuner (by address: there is no SSDP/UDP discovery): pure functions from the settings, the
// origin the client used and the channels to /discover.json, /lineup.json, /lineup_status.json and
// the UPnP description /device.xml.
//
// The tuner is a "network tuner that never scans": its lineup is the enabled channels, by number, each
// streamed as MPEG-TS (/live/{id}.ts, a copy remux: no transcoding, hence a model name without HDTC).
import { createHash } from 'node:crypto';
import type { HdhrDiscover, HdhrLineup, HdhrLineupStatus } from '../../contracts/hdhomerun.js';
import type { Channel } from '../../contracts/lineup.js';
import { liveTsPath } from '../../contracts/live-paths.js';
import type { IptvSettings } from '../../contracts/settings-schema.js';
import { escapeXmlText } from '../xmltv/render-xmltv.js';

/** What the emulated device says it is. The tuner settings (id, name, tuner count) are services.iptv. */
export const HDHR_IDENTITY = {
  manufacturer: 'StreamSync TV',
  /** UPnP manufacturer of device.xml: every HDHomeRun emulator Plex is known to accept says Silicondust. */
  upnpManufacturer: 'Silicondust',
  /** No "HDTC" in it: Jellyfin and Emby treat an HDTC model as a transcoding tuner and append ?transcode=. */
  modelNumber: 'HDHR-STREAMSYNC',
  firmwareName: 'streamsync_hdhr',
  firmwareVersion: '20260101', // the device's YYYYMMDD form
  /** The only source a "scan" reports; clients show it (real devices: Antenna, Cable, Digital Cable). */
  source: 'Cable',
  /** Codecs of every stream: the pipeline encodes H.264 video and AAC-LC audio only. */
  videoCodec: 'H264',
  audioCodec: 'AAC',
} as const;

/** The media type of /device.xml (UPnP Device Architecture: text/xml, UTF-8). */
export const DEVICE_XML_CONTENT_TYPE = 'text/xml; charset=utf-8';

export const HDHR_PATHS = {
  discover: '/discover.json',
  lineup: '/lineup.json',
  lineupStatus: '/lineup_status.json',
  lineupPost: '/lineup.post',
  deviceXml: '/device.xml',
} as const;

type TunerSettings = Pick<IptvSettings, 'deviceId' | 'friendlyName' | 'tunerCount'>;

/** /discover.json: who the tuner is and where its lineup is (absolute URLs from `origin`). */
export function discoverDocument(tuner: TunerSettings, origin: string): HdhrDiscover {
  return {
    FriendlyName: tuner.friendlyName,
    Manufacturer: HDHR_IDENTITY.manufacturer,
    ModelNumber: HDHR_IDENTITY.modelNumber,
    FirmwareName: HDHR_IDENTITY.firmwareName,
    FirmwareVersion: HDHR_IDENTITY.firmwareVersion,
    DeviceID: tuner.deviceId,
    DeviceAuth: '',
    BaseURL: origin,
    LineupURL: new URL(HDHR_PATHS.lineup, origin).href,
    TunerCount: tuner.tunerCount,
  };
}

/** /lineup.json: every enabled channel by number, its URL the channel's MPEG-TS. */
export function lineupDocument(channels: readonly Channel[], origin: string): HdhrLineup {
  return channels
    .filter((c) => c.enabled)
    .sort((a, b) => a.number - b.number || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((c) => ({
      GuideNumber: String(c.number),
      GuideName: c.name,
      VideoCodec: HDHR_IDENTITY.videoCodec,
      AudioCodec: HDHR_IDENTITY.audioCodec,
      URL: new URL(liveTsPath(c.id), origin).href,
    }));
}

/** /lineup_status.json: never scanning, a scan possible (it completes at once: the lineup is the channels). */
export function lineupStatusDocument(): HdhrLineupStatus {
  return { ScanInProgress: 0, ScanPossible: 1, Source: HDHR_IDENTITY.source, SourceList: [HDHR_IDENTITY.source] };
}

/** The device's UPnP UDN: a name-based (SHA-1, version 5 layout) UUID of the device id, stable across restarts. */
export function deviceUdn(deviceId: string): string {
  const h = createHash('sha1').update(`streamsync-hdhomerun:${deviceId}`).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50; // version 5
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** /device.xml: the UPnP device description (a MediaServer, as SiliconDust's own devices describe themselves). */
export function deviceXml(tuner: TunerSettings, origin: string): string {
  const model = escapeXmlText(HDHR_IDENTITY.modelNumber);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<root xmlns="urn:schemas-upnp-org:device-1-0">',
    '  <specVersion>',
    '    <major>1</major>',
    '    <minor>0</minor>',
    '  </specVersion>',
    `  <URLBase>${escapeXmlText(origin)}</URLBase>`,
    '  <device>',
    '    <deviceType>urn:schemas-upnp-org:device:MediaServer:1</deviceType>',
    `    <friendlyName>${escapeXmlText(tuner.friendlyName)}</friendlyName>`,
    `    <manufacturer>${escapeXmlText(HDHR_IDENTITY.upnpManufacturer)}</manufacturer>`,
    `    <modelName>${model}</modelName>`,
    `    <modelNumber>${model}</modelNumber>`,
    `    <serialNumber>${escapeXmlText(tuner.deviceId)}</serialNumber>`,
    `    <UDN>${deviceUdn(tuner.deviceId)}</UDN>`,
    '  </device>',
    '</root>',
    '',
  ].join('\n');
}
