import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { MENU_KEYS } from '@icr/plugin-incoming-call-common';
import { AutoAttendantOptionRow } from './AutoAttendantOptionRow';
import { MessageField } from './MessageField';
import type { SectionProps } from './sectionProps';

export function AutoAttendantSection({
  config,
  onChange,
  errors,
  disabled,
  audio,
}: SectionProps) {
  const menu = config.autoAttendant;
  const setMenu = (change: Partial<typeof menu>) =>
    onChange(c => ({ ...c, autoAttendant: { ...c.autoAttendant, ...change } }));
  const freeKey = MENU_KEYS.find(key => !menu.options.some(o => o.key === key));

  return (
    <div>
      <FormControlLabel
        label="Auto-attendant"
        disabled={disabled}
        control={
          <Switch
            checked={menu.enabled}
            onChange={e => setMenu({ enabled: e.target.checked })}
          />
        }
      />
      <Typography variant="body2" color="textSecondary" paragraph>
        When on, callers choose an option with their keypad and are routed to
        that option's recipients instead of the team's.
      </Typography>
      <Box mb={2}>
        <MessageField
          id="incoming-call-menu-prompt"
          label="Menu prompt"
          path="autoAttendant.prompt"
          message={menu.prompt}
          errors={errors}
          disabled={disabled}
          audio={audio}
          // The menu always has a prompt, so it is never null.
          onChange={prompt => prompt && setMenu({ prompt })}
        />
      </Box>
      {menu.options.map((option, index) => (
        <AutoAttendantOptionRow
          key={index}
          index={index}
          option={option}
          errors={errors}
          disabled={disabled}
          onChange={changed =>
            setMenu({
              options: menu.options.map((o, i) => (i === index ? changed : o)),
            })
          }
          onRemove={() =>
            setMenu({ options: menu.options.filter((_, i) => i !== index) })
          }
        />
      ))}
      {errors['autoAttendant.options'] && (
        <FormHelperText error>{errors['autoAttendant.options']}</FormHelperText>
      )}
      <Button
        variant="outlined"
        disabled={disabled || !freeKey}
        onClick={() =>
          freeKey &&
          setMenu({
            options: [
              ...menu.options,
              { key: freeKey, label: '', recipients: [] },
            ],
          })
        }
      >
        Add option
      </Button>
    </div>
  );
}
