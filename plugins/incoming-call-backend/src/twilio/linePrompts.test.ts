import { LANGUAGES, type Language } from '@icr/plugin-incoming-call-common';
import { lineAnnouncementText } from './linePrompts';

const TWELFTH = {
  position: 12,
  wait: { kind: 'about', minutes: 4 },
  voicemailKey: '9',
} as const;
const NEXT_IN_A_MINUTE = {
  position: 1,
  wait: { kind: 'about', minutes: 1 },
} as const;
const LONG_WAIT = {
  position: 40,
  wait: { kind: 'more-than', minutes: 30 },
} as const;

/** Per language: number 12 in about 4 minutes (key 9); next, in about one minute; more than 30 minutes. */
const EXPECTED: Record<Language, [string, string, string]> = {
  'en-US': [
    'You are number 12 in line. The expected wait is about 4 minutes. Press 9 to leave a voicemail instead.',
    'You are next in line. The expected wait is about one minute.',
    'You are number 40 in line. The expected wait is more than 30 minutes.',
  ],
  'en-GB': [
    'You are number 12 in the queue. The expected wait is about 4 minutes. Press 9 to leave a voicemail instead.',
    'You are next in the queue. The expected wait is about one minute.',
    'You are number 40 in the queue. The expected wait is more than 30 minutes.',
  ],
  'de-DE': [
    'Sie sind Nummer 12 in der Warteschlange. Die voraussichtliche Wartezeit beträgt etwa 4 Minuten. Drücken Sie die 9, um stattdessen eine Nachricht zu hinterlassen.',
    'Sie sind als Nächstes an der Reihe. Die voraussichtliche Wartezeit beträgt etwa eine Minute.',
    'Sie sind Nummer 40 in der Warteschlange. Die voraussichtliche Wartezeit beträgt mehr als 30 Minuten.',
  ],
  'fr-FR': [
    "Vous êtes en position 12 dans la file d'attente. Le temps d'attente estimé est d'environ 4 minutes. Pour laisser plutôt un message vocal, appuyez sur 9.",
    "Votre appel est le prochain dans la file d'attente. Le temps d'attente estimé est d'environ une minute.",
    "Vous êtes en position 40 dans la file d'attente. Le temps d'attente estimé est de plus de 30 minutes.",
  ],
  'es-ES': [
    'Ocupa el puesto 12 en la cola. El tiempo de espera estimado es de aproximadamente 4 minutos. Si prefiere dejar un mensaje de voz, pulse 9.',
    'Su llamada es la siguiente en la cola. El tiempo de espera estimado es de aproximadamente un minuto.',
    'Ocupa el puesto 40 en la cola. El tiempo de espera estimado es de más de 30 minutos.',
  ],
  'it-IT': [
    'Lei è il numero 12 in coda. Il tempo di attesa previsto è di circa 4 minuti. Se preferisce lasciare un messaggio in segreteria, prema 9.',
    'La sua chiamata è la prossima in coda. Il tempo di attesa previsto è di circa un minuto.',
    'Lei è il numero 40 in coda. Il tempo di attesa previsto è di oltre 30 minuti.',
  ],
  'pt-BR': [
    'Você é o número 12 na fila. O tempo de espera estimado é de cerca de 4 minutos. Se preferir deixar uma mensagem de voz, pressione 9.',
    'Sua chamada é a próxima da fila. O tempo de espera estimado é de cerca de um minuto.',
    'Você é o número 40 na fila. O tempo de espera estimado é de mais de 30 minutos.',
  ],
  'nl-NL': [
    'U bent nummer 12 in de wachtrij. De verwachte wachttijd is ongeveer 4 minuten. Druk op 9 om in plaats daarvan een bericht in te spreken.',
    'U bent als volgende aan de beurt. De verwachte wachttijd is ongeveer één minuut.',
    'U bent nummer 40 in de wachtrij. De verwachte wachttijd is meer dan 30 minuten.',
  ],
  'sv-SE': [
    'Du är nummer 12 i kön. Den beräknade väntetiden är ungefär 4 minuter. Tryck 9 om du vill lämna ett röstmeddelande i stället.',
    'Du står näst på tur. Den beräknade väntetiden är ungefär en minut.',
    'Du är nummer 40 i kön. Den beräknade väntetiden är mer än 30 minuter.',
  ],
  'ja-JP': [
    'お客様の順番は12番目です。待ち時間はおよそ4分の見込みです。代わりに留守番電話にメッセージを残す場合は、9を押してください。',
    'お客様は次の順番です。待ち時間はおよそ1分の見込みです。',
    'お客様の順番は40番目です。待ち時間は30分を超える見込みです。',
  ],
};

describe('lineAnnouncementText', () => {
  it('has every language the plugin speaks', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(LANGUAGES).sort());
  });

  it.each(Object.entries(EXPECTED))(
    'says the place, the wait and the voicemail key in %s',
    (language, [twelfth, next, long]) => {
      const say = (a: Parameters<typeof lineAnnouncementText>[1]) =>
        lineAnnouncementText(language as Language, a);
      expect(say(TWELFTH)).toBe(twelfth);
      expect(say(NEXT_IN_A_MINUTE)).toBe(next);
      expect(say(LONG_WAIT)).toBe(long);
    },
  );

  it('says only the place without an estimate or voicemail', () => {
    expect(
      lineAnnouncementText('en-US', { position: 3, wait: { kind: 'unknown' } }),
    ).toBe('You are number 3 in line.');
    expect(
      lineAnnouncementText('de-DE', {
        position: 1,
        wait: { kind: 'unknown' },
        voicemailKey: '9',
      }),
    ).toBe(
      'Sie sind als Nächstes an der Reihe. Drücken Sie die 9, um stattdessen eine Nachricht zu hinterlassen.',
    );
  });
});
