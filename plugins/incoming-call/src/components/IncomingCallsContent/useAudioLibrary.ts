import { useApi } from '@backstage/core-plugin-api';
import type { AudioFile } from '@icr/plugin-incoming-call-common';
import { useCallback, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';

/** The team's uploaded audio files, as the editor's fields share them. */
export interface AudioLibrary {
  files: AudioFile[];
  /** Why the list could not be read, if it could not. */
  loadError?: Error;
  /** Uploads a file and adds it to the list; throws the server's refusal. */
  upload(file: File): Promise<AudioFile>;
  /** Deletes a file and takes it off the list; throws the server's refusal. */
  remove(id: string): Promise<void>;
}

export function useAudioLibrary(team: TeamRef): AudioLibrary {
  const api = useApi(incomingCallApiRef);
  const [files, setFiles] = useState<AudioFile[]>([]);
  const { error } = useAsync(
    async () => setFiles(await api.listAudio(team)),
    [api, team],
  );
  const upload = useCallback(
    async (file: File) => {
      const stored = await api.uploadAudio(team, file);
      setFiles(current => [stored, ...current]);
      return stored;
    },
    [api, team],
  );
  const remove = useCallback(
    async (id: string) => {
      await api.deleteAudio(team, id);
      setFiles(current => current.filter(f => f.id !== id));
    },
    [api, team],
  );
  return useMemo(
    () => ({ files, loadError: error, upload, remove }),
    [files, error, upload, remove],
  );
}
