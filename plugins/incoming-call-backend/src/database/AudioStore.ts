import { randomUUID } from 'node:crypto';
import type { AudioFile, AudioFormat } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import { AUDIO_FORMAT_INFO } from '../domain/audio/audioFormats';
import type { Clock } from '../lib/clock';

interface AudioRow {
  id: string;
  team_ref: string;
  name: string;
  format: AudioFormat;
  content_type: string;
  size: number | string;
  created_at: number | string;
  created_by: string;
}

/** Everything but the bytes: listing never reads them. */
const METADATA = [
  'id',
  'team_ref',
  'name',
  'format',
  'content_type',
  'size',
  'created_at',
  'created_by',
];

const toAudioFile = (row: AudioRow): AudioFile => ({
  id: row.id,
  teamRef: row.team_ref,
  name: row.name,
  format: row.format,
  contentType: row.content_type,
  size: Number(row.size),
  createdAt: new Date(Number(row.created_at)).toISOString(),
  createdBy: row.created_by,
});

/** Teams' uploaded audio files, bytes included. */
export class AudioStore {
  constructor(private readonly db: Knex, private readonly clock: Clock) {}

  /** Stores a checked upload; its content type follows from its format. */
  async create(options: {
    teamRef: string;
    name: string;
    format: AudioFormat;
    data: Buffer;
    createdBy: string;
  }): Promise<AudioFile> {
    const row: AudioRow = {
      id: randomUUID(),
      team_ref: options.teamRef,
      name: options.name,
      format: options.format,
      content_type: AUDIO_FORMAT_INFO[options.format].contentType,
      size: options.data.length,
      created_at: this.clock.now(),
      created_by: options.createdBy,
    };
    await this.db('audio_files').insert({ ...row, data: options.data });
    return toAudioFile(row);
  }

  /** A team's files, newest first. */
  async listByTeam(teamRef: string): Promise<AudioFile[]> {
    const rows: AudioRow[] = await this.db('audio_files')
      .where({ team_ref: teamRef })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .select(METADATA);
    return rows.map(toAudioFile);
  }

  /** A file of the team, or undefined when the team has no such file. */
  async getOfTeam(teamRef: string, id: string): Promise<AudioFile | undefined> {
    const row: AudioRow | undefined = await this.db('audio_files')
      .where({ id, team_ref: teamRef })
      .first(METADATA);
    return row && toAudioFile(row);
  }

  /** The bytes to play and how to label them. */
  async content(
    id: string,
  ): Promise<{ contentType: string; data: Buffer } | undefined> {
    const row = await this.db('audio_files')
      .where({ id })
      .first('content_type', 'data');
    return (
      row && { contentType: row.content_type, data: Buffer.from(row.data) }
    );
  }

  /** Removes a file of the team; false when there was none. */
  async delete(teamRef: string, id: string): Promise<boolean> {
    const deleted = await this.db('audio_files')
      .where({ id, team_ref: teamRef })
      .delete();
    return deleted > 0;
  }
}
