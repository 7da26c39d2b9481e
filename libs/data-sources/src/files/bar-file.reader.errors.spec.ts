import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import zlib from 'node:zlib';
import { importBarBytes, importBarFile, importBarFileSync, parseBarFile } from './bar-file.reader';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const ioError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('bar file reader: what it cannot read', () => {
  afterEach(() => jest.restoreAllMocks());

  it('names a gzip file it cannot inflate, with the reason zlib gives', () => {
    // zlib's own errors come from outside Jest's realm, where instanceof Error may not hold: the text is checked loosely.
    expect(() => parseBarFile(Uint8Array.from([0x1f, 0x8b]), 'EURUSD_H1.csv.gz')).toThrow(/^EURUSD_H1\.csv\.gz: not a readable gzip file \((Error: )?unexpected end of file\)$/);
    const gunzip = jest.spyOn(zlib, 'gunzipSync');
    gunzip.mockImplementationOnce(() => {
      throw new Error('incorrect header check');
    });
    expect(() => parseBarFile(Uint8Array.from([0x1f, 0x8b]), 'EURUSD_H1.csv.gz')).toThrow('EURUSD_H1.csv.gz: not a readable gzip file (incorrect header check)');
    gunzip.mockImplementationOnce(() => {
      throw 'out of memory';
    });
    expect(() => parseBarFile(Uint8Array.from([0x1f, 0x8b]), 'EURUSD_H1.csv.gz')).toThrow('EURUSD_H1.csv.gz: not a readable gzip file (out of memory)');
  });

  it('takes only both gzip magic bytes as gzip', () => {
    expect(parseBarFile(bytes('time,open,high,low,close,volume\n'), 'EURUSD_H1.csv').compressed).toBe(false);
    expect(() => parseBarFile(Uint8Array.from([0x1f, 0x41]), 'EURUSD_H1.csv')).toThrow('EURUSD_H1.csv: not a text bar file');
    expect(() => parseBarFile(Uint8Array.from([0x41, 0x8b]), 'EURUSD_H1.csv')).toThrow('EURUSD_H1.csv: header "A?" has neither tab nor comma separators');
  });

  it('says why a file could not be read, in words for the common reasons', () => {
    expect(() => importBarFileSync('/nonexistent/EURUSD_H1.csv')).toThrow('cannot read bar file /nonexistent/EURUSD_H1.csv: no such file');
    expect(() => importBarFileSync('/tmp')).toThrow('cannot read bar file /tmp: it is a directory');
    const readFileSync = jest.spyOn(fs, 'readFileSync');
    readFileSync.mockImplementationOnce(() => {
      throw ioError('EACCES', 'EACCES: permission denied, open');
    });
    expect(() => importBarFileSync('EURUSD_H1.csv')).toThrow('cannot read bar file EURUSD_H1.csv: permission denied');
    readFileSync.mockImplementationOnce(() => {
      throw ioError('EIO', 'EIO: i/o error, read');
    });
    expect(() => importBarFileSync('EURUSD_H1.csv')).toThrow('cannot read bar file EURUSD_H1.csv: EIO: i/o error, read');
  });

  it('quotes a thrown value that is not an Error as text, undefined included', async () => {
    const readFileSync = jest.spyOn(fs, 'readFileSync');
    readFileSync.mockImplementationOnce(() => {
      throw 'disk on fire';
    });
    expect(() => importBarFileSync('EURUSD_H1.csv')).toThrow('cannot read bar file EURUSD_H1.csv: disk on fire');
    jest.spyOn(fsPromises, 'readFile').mockRejectedValueOnce(undefined);
    await expect(importBarFile('EURUSD_H1.csv')).rejects.toThrow('cannot read bar file EURUSD_H1.csv: undefined');
  });
});

describe('bar file reader: import', () => {
  it('validates with the file row numbers and the options given', () => {
    // Row 3 (after a blank line) repeats row 1's time.
    const text = bytes('time,open,high,low,close,volume\n2022-01-03 10:00:00,1,1,1,1,1\n\n2022-01-03 10:00:00,1,1,1,1,1\n2022-01-03 11:00:00,1,1,1,1,1\n');
    const dropped = importBarBytes(text, 'EURUSD_H1.csv');
    expect(dropped.report.findings.map((f) => [f.kind, f.row])).toEqual([['duplicate', 3]]);
    expect([dropped.report.kept, dropped.columns.length, dropped.format, dropped.compressed, dropped.zone]).toEqual([2, 2, 'plain-csv', false, 'UTC']);
    const rejected = importBarBytes(text, 'EURUSD_H1.csv', { policy: { duplicate: 'reject' }, tz: '+01:00' });
    expect([rejected.report.dropped, rejected.report.rejected, rejected.zone, rejected.columns.time[0]]).toEqual([0, 1, '+01:00', Date.UTC(2022, 0, 3, 9)]);
  });
});
