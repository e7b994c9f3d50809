import twilio from 'twilio';
import { byteRange, DEFAULT_TRANSCRIPT, mp3Of, wavOf } from './recordings';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  HOTLINE,
  startTwimlBackend,
  type TwimlBackend,
} from './__testUtils__/twimlBackend';

const CALLER = '+4930555000';
const RECORD =
  '<Record action="/recorded" recordingStatusCallback="/recording" transcribe="true" transcribeCallback="/transcription"/>';

describe('recordings', () => {
  let backend: TwimlBackend;
  let client: ReturnType<typeof twilio>;
  beforeEach(async () => {
    backend = await startTwimlBackend();
    backend.answer('/voice', RECORD);
    client = twilio(ACCOUNT_SID, AUTH_TOKEN, {
      httpClient: backend.network.httpClient as any,
    });
  });
  afterEach(() => backend.close());

  const recordingUrl = () => backend.to('/recording')[0].params.RecordingUrl;

  it('serves a WAV of the message length at the recording URL, through the SDK', async () => {
    backend.network.call(CALLER, HOTLINE, { voicemailSeconds: 8 });
    await backend.network.settled();
    const url = recordingUrl();
    expect(url).toMatch(
      new RegExp(
        `^https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/RE[0-9a-f]{32}$`,
      ),
    );

    const wav = await client.request({ method: 'get', uri: `${url}.wav` });
    expect(wav.statusCode).toBe(200);
    const body = wav.body as Buffer;
    expect(body.subarray(0, 4).toString()).toBe('RIFF');
    expect(body.subarray(8, 12).toString()).toBe('WAVE');
    expect(body.readUInt32LE(24)).toBe(8000);
    // 8 s of 16-bit mono samples at 8 kHz, after the 44-byte header.
    expect(body.readUInt32LE(40)).toBe(8 * 8000 * 2);
    expect(body.length).toBe(44 + 8 * 16000);
    expect(wav.headers['content-type']).toBe('audio/x-wav');

    const mp3 = await client.request({ method: 'get', uri: `${url}.mp3` });
    expect(mp3.headers['content-type']).toBe('audio/mpeg');
    expect([...(mp3.body as Buffer).subarray(0, 2)]).toEqual([0xff, 0xfb]);

    const resource = await client.recordings(url.split('/').pop()!).fetch();
    expect(resource).toMatchObject({
      duration: '8',
      callSid: expect.any(String),
    });
  });

  it("counts the message toward the call's duration", async () => {
    const call = backend.network.call(CALLER, HOTLINE, { voicemailSeconds: 8 });
    await backend.network.settled();
    // The message takes no time here, but the call lasted at least as long.
    const { duration } = await client.calls(call.sid).fetch();
    expect(Number(duration)).toBeGreaterThanOrEqual(8);
  });

  it('answers a Range request with 206 and the bytes asked for', async () => {
    backend.network.call(CALLER, HOTLINE, { voicemailSeconds: 3 });
    await backend.network.settled();
    const part = await client.request({
      method: 'get',
      uri: `${recordingUrl()}.wav`,
      headers: { Range: 'bytes=0-43' },
    });
    expect(part.statusCode).toBe(206);
    expect((part.body as Buffer).length).toBe(44);
    expect(part.headers['content-range']).toBe(`bytes 0-43/${44 + 3 * 16000}`);
  });

  it('sends the transcript after the recording callback, for 2-120 s messages', async () => {
    backend.network.call(CALLER, HOTLINE, {
      voicemailSeconds: 5,
      voicemailTranscript: 'Printer on fire',
    });
    await backend.network.settled();
    const [transcription] = backend.to('/transcription');
    expect(transcription.signed).toBe(true);
    expect(transcription.params).toMatchObject({
      TranscriptionText: 'Printer on fire',
      TranscriptionStatus: 'completed',
      RecordingSid: backend.to('/recording')[0].params.RecordingSid,
      CallSid: expect.stringMatching(/^CA/),
    });
    const paths = backend.received.map(r => r.path);
    expect(paths.indexOf('/recording')).toBeLessThan(
      paths.indexOf('/transcription'),
    );

    backend.network.call(CALLER, HOTLINE, { voicemailSeconds: 1 });
    backend.network.call(CALLER, HOTLINE, { voicemailSeconds: 4 });
    await backend.network.settled();
    // The 1 s message is not transcribed; the other gets the fixed phrase.
    expect(
      backend.to('/transcription').map(r => r.params.TranscriptionText),
    ).toEqual(['Printer on fire', DEFAULT_TRANSCRIPT]);
  });
});

describe('audio of a recording', () => {
  it('is a valid WAV and MP3 of the length', () => {
    expect(wavOf(2).length).toBe(44 + 32000);
    // 36 ms frames of 144 bytes.
    expect(mp3Of(3.6).length).toBe(100 * 144);
  });

  it('reads byte ranges as HTTP does', () => {
    expect(byteRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(byteRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(byteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(byteRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(byteRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(byteRange(undefined, 100)).toBeUndefined();
    expect(byteRange('bytes=1-2,4-5', 100)).toBeUndefined();
  });
});
