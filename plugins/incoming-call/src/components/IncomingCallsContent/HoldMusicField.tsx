import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import { AudioFilePicker } from './AudioFilePicker';
import type { SectionProps } from './sectionProps';

/** What callers hear while they wait: Twilio's music, or an upload. */
export function HoldMusicField({
  config,
  onChange,
  errors,
  disabled,
  audio,
}: SectionProps) {
  const { holdMusic } = config;
  return (
    <div>
      <Typography variant="subtitle2">Hold music</Typography>
      <RadioGroup
        row
        aria-label="Hold music"
        value={holdMusic ? 'audio' : 'default'}
        onChange={e =>
          onChange(c => ({
            ...c,
            holdMusic:
              e.target.value === 'audio'
                ? { audioId: audio.files[0]?.id ?? '' }
                : null,
          }))
        }
      >
        <FormControlLabel
          value="default"
          label="Default music"
          disabled={disabled}
          control={<Radio />}
        />
        <FormControlLabel
          value="audio"
          label="Audio file"
          disabled={disabled}
          control={<Radio />}
        />
      </RadioGroup>
      {holdMusic && (
        <AudioFilePicker
          id="incoming-call-hold-music-file"
          label="Hold music file"
          audioId={holdMusic.audioId}
          library={audio}
          disabled={disabled}
          error={errors['holdMusic.audioId']}
          onChange={audioId =>
            onChange(c => ({ ...c, holdMusic: { audioId } }))
          }
        />
      )}
    </div>
  );
}
