import type { AlertVoicemail } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import { voicemailMessage } from '../domain/voicemail/byteRange';

/** A row of `alert_voicemails`. */
export interface VoicemailRow {
  recording_sid: string;
  alert_id: string;
  call_sid: string;
  recording_url: string;
  duration_seconds: number;
  transcript: string | null;
  transcription_status: string | null;
  created_at: number | string;
  updated_at: number | string;
}

/** The voicemail of an alert, as the backend keeps it. */
export interface StoredVoicemail {
  alertId: string;
  callSid: string;
  recordingSid: string;
  recordingUrl: string;
  durationSeconds: number;
  transcript?: string;
}

const toStored = (row: VoicemailRow): StoredVoicemail => ({
  alertId: row.alert_id,
  callSid: row.call_sid,
  recordingSid: row.recording_sid,
  recordingUrl: row.recording_url,
  durationSeconds: Number(row.duration_seconds),
  ...(row.transcript !== null && { transcript: row.transcript }),
});

/**
 * `Alert.voicemail` from the columns of `alert_voicemails` (e.g. of a
 * `LEFT JOIN alert_voicemails v ON v.alert_id = alerts.id`): null without one.
 */
export function toAlertVoicemail(row: {
  recording_sid: string | null;
  duration_seconds: number | string | null;
  transcript: string | null;
}): AlertVoicemail | null {
  if (!row.recording_sid) return null;
  return {
    recordingSid: row.recording_sid,
    durationSeconds: Number(row.duration_seconds ?? 0),
    ...(row.transcript !== null && { transcript: row.transcript }),
  };
}

/**
 * The voicemails callers left (one a call, so one an alert): the Twilio
 * recording to play and its transcript. The voicemail's timeline event has
 * the recording SID as its id.
 */
export class VoicemailStore {
  constructor(private readonly db: Knex) {}

  /** Keeps a finished recording; false when it was kept already (a retry). */
  async record(voicemail: {
    alertId: string;
    callSid: string;
    recordingSid: string;
    recordingUrl: string;
    durationSeconds: number;
    at: Date;
  }): Promise<boolean> {
    const inserted = await this.db('alert_voicemails')
      .insert({
        recording_sid: voicemail.recordingSid,
        alert_id: voicemail.alertId,
        call_sid: voicemail.callSid,
        recording_url: voicemail.recordingUrl,
        duration_seconds: voicemail.durationSeconds,
        transcript: null,
        transcription_status: null,
        created_at: voicemail.at.getTime(),
        updated_at: voicemail.at.getTime(),
      })
      // Any unique key, not only the SID: PostgreSQL checks the other
      // unique index (one voicemail an alert) outside a targeted
      // ON CONFLICT, so concurrent duplicates would fail on it.
      .onConflict()
      .ignore()
      .returning('recording_sid');
    return inserted.length > 0;
  }

  /**
   * Puts the transcript on the voicemail and into its timeline event, once:
   * the first completed transcription wins, a duplicate (or a later one)
   * changes nothing. Returns the voicemail when this call changed it.
   */
  async transcribe(transcription: {
    recordingSid: string;
    text: string;
    at: Date;
  }): Promise<StoredVoicemail | undefined> {
    return this.db.transaction(async tx => {
      const updated = await tx<VoicemailRow>('alert_voicemails')
        .where({ recording_sid: transcription.recordingSid })
        .whereNull('transcript')
        .update({
          transcript: transcription.text,
          transcription_status: 'completed',
          updated_at: transcription.at.getTime(),
        });
      if (updated === 0) return undefined;
      const row = await tx<VoicemailRow>('alert_voicemails')
        .where({ recording_sid: transcription.recordingSid })
        .first();
      if (!row) return undefined;
      await tx('alert_events')
        .where({ id: row.recording_sid, alert_id: row.alert_id })
        .update({
          message: voicemailMessage(row.duration_seconds, row.transcript),
        });
      return toStored(row);
    });
  }

  /** Notes a transcription that failed, unless one already succeeded. */
  async transcriptionFailed(recordingSid: string, at: Date): Promise<void> {
    await this.db('alert_voicemails')
      .where({ recording_sid: recordingSid })
      .whereNull('transcript')
      .update({ transcription_status: 'failed', updated_at: at.getTime() });
  }

  async byAlert(alertId: string): Promise<StoredVoicemail | undefined> {
    const row = await this.db<VoicemailRow>('alert_voicemails')
      .where({ alert_id: alertId })
      .first();
    return row && toStored(row);
  }

  async byRecording(
    recordingSid: string,
  ): Promise<StoredVoicemail | undefined> {
    const row = await this.db<VoicemailRow>('alert_voicemails')
      .where({ recording_sid: recordingSid })
      .first();
    return row && toStored(row);
  }

  /** `Alert.voicemail` of each of these alerts that has one. */
  async forAlerts(alertIds: string[]): Promise<Map<string, AlertVoicemail>> {
    if (alertIds.length === 0) return new Map();
    const rows = await this.db<VoicemailRow>('alert_voicemails')
      .whereIn('alert_id', alertIds)
      .select('alert_id', 'recording_sid', 'duration_seconds', 'transcript');
    return new Map(rows.map(row => [row.alert_id, toAlertVoicemail(row)!]));
  }
}
