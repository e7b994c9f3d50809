import type { LoggerService } from '@backstage/backend-plugin-api';
import type { CallStore } from '../../database/CallStore';
import type {
  StoredVoicemail,
  VoicemailStore,
} from '../../database/VoicemailStore';
import type {
  RecordingAudio,
  TwilioRecordings,
} from '../../twilio/TwilioRecordings';
import type { NotificationService } from '../notifications/NotificationService';

/**
 * Voicemails: the recording Twilio reports is kept with the alert, its
 * transcript put on it when Twilio sends one, and its audio fetched from
 * Twilio for the browser.
 */
export class VoicemailService {
  constructor(
    private readonly deps: {
      calls: CallStore;
      voicemails: VoicemailStore;
      /** Absent without Twilio credentials: nothing can be fetched. */
      recordings?: TwilioRecordings;
      logger: LoggerService;
      /** Tells live views an alert has changed (11A's signals), if wired. */
      onChange?: (alertId: string) => Promise<void> | void;
      /** Notifies of the voicemail (an integration in mode voicemail), if wired. */
      notifications?: Pick<NotificationService, 'voicemailLeft'>;
    },
  ) {}

  /** The recording callback: keeps the recording with the call's alert, once. */
  async recordingCompleted(recording: {
    callSid: string;
    recordingSid: string;
    url: string;
    durationSeconds: number;
    at: Date;
  }): Promise<void> {
    const session = await this.deps.calls.getSession(recording.callSid);
    if (!session) return;
    const added = await this.deps.voicemails.record({
      alertId: session.alertId,
      callSid: recording.callSid,
      recordingSid: recording.recordingSid,
      recordingUrl: recording.url,
      durationSeconds: recording.durationSeconds,
      at: recording.at,
    });
    if (added) {
      await this.deps.onChange?.(session.alertId);
      await this.deps.notifications?.voicemailLeft(session, recording.at);
    }
  }

  /**
   * The transcription callback. A completed transcript goes on the alert and
   * into the voicemail's event, once (a duplicate changes nothing); a
   * failed one is noted. Returns whether anything changed.
   */
  async transcriptionCompleted(transcription: {
    recordingSid: string;
    status: string;
    text?: string;
    at: Date;
  }): Promise<boolean> {
    const { voicemails, logger } = this.deps;
    if (transcription.status !== 'completed' || !transcription.text) {
      await voicemails.transcriptionFailed(
        transcription.recordingSid,
        transcription.at,
      );
      return false;
    }
    const changed = await voicemails.transcribe({
      recordingSid: transcription.recordingSid,
      text: transcription.text,
      at: transcription.at,
    });
    if (!changed) {
      if (!(await voicemails.byRecording(transcription.recordingSid))) {
        logger.warn(
          `A transcription arrived for recording ${transcription.recordingSid}, which no alert has`,
        );
      }
      return false;
    }
    await this.deps.onChange?.(changed.alertId);
    return true;
  }

  /** The alert's voicemail, if a caller left one. */
  ofAlert(alertId: string): Promise<StoredVoicemail | undefined> {
    return this.deps.voicemails.byAlert(alertId);
  }

  /** The audio of a voicemail, from Twilio; undefined when Twilio has none. */
  async audio(
    voicemail: StoredVoicemail,
    range?: string,
  ): Promise<RecordingAudio | undefined> {
    if (!this.deps.recordings) return undefined;
    return this.deps.recordings.fetch(voicemail.recordingSid, range);
  }
}
