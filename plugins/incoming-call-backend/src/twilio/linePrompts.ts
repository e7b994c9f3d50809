import type { Language } from '@icr/plugin-incoming-call-common';
import type { ExpectedWait } from '../domain/line/expectedWait';

/** What a caller waiting in the line is told, every minute or so. */
export interface LineAnnouncement {
  /** 1 for the caller at the head of the line. */
  position: number;
  wait: ExpectedWait;
  /** The key that leaves the line for the voicemail; none when voicemail is off. */
  voicemailKey?: string;
}

/** The sentences of the announcement in one language. */
interface LineSentences {
  place: (position: number) => string;
  wait: (wait: Exclude<ExpectedWait, { kind: 'unknown' }>) => string;
  voicemail: (key: string) => string;
  /** How sentences follow one another (no space in Japanese). */
  separator?: string;
}

/** "one minute" in words (the article's gender, as a voice would not know it), other counts in digits. */
const minutes = (n: number, one: string, other: string) =>
  n === 1 ? one : `${n} ${other}`;

const english = (line: string): LineSentences => ({
  place: n =>
    n === 1 ? `You are next ${line}.` : `You are number ${n} ${line}.`,
  wait: w =>
    w.kind === 'about'
      ? `The expected wait is about ${minutes(
          w.minutes,
          'one minute',
          'minutes',
        )}.`
      : `The expected wait is more than ${w.minutes} minutes.`,
  voicemail: key => `Press ${key} to leave a voicemail instead.`,
});

const SENTENCES: Record<Language, LineSentences> = {
  'en-US': english('in line'),
  'en-GB': english('in the queue'),
  'de-DE': {
    place: n =>
      n === 1
        ? 'Sie sind als Nächstes an der Reihe.'
        : `Sie sind Nummer ${n} in der Warteschlange.`,
    wait: w =>
      w.kind === 'about'
        ? `Die voraussichtliche Wartezeit beträgt etwa ${minutes(
            w.minutes,
            'eine Minute',
            'Minuten',
          )}.`
        : `Die voraussichtliche Wartezeit beträgt mehr als ${w.minutes} Minuten.`,
    voicemail: key =>
      `Drücken Sie die ${key}, um stattdessen eine Nachricht zu hinterlassen.`,
  },
  'fr-FR': {
    place: n =>
      n === 1
        ? "Votre appel est le prochain dans la file d'attente."
        : `Vous êtes en position ${n} dans la file d'attente.`,
    wait: w =>
      w.kind === 'about'
        ? `Le temps d'attente estimé est d'environ ${minutes(
            w.minutes,
            'une minute',
            'minutes',
          )}.`
        : `Le temps d'attente estimé est de plus de ${w.minutes} minutes.`,
    voicemail: key =>
      `Pour laisser plutôt un message vocal, appuyez sur ${key}.`,
  },
  'es-ES': {
    place: n =>
      n === 1
        ? 'Su llamada es la siguiente en la cola.'
        : `Ocupa el puesto ${n} en la cola.`,
    wait: w =>
      w.kind === 'about'
        ? `El tiempo de espera estimado es de aproximadamente ${minutes(
            w.minutes,
            'un minuto',
            'minutos',
          )}.`
        : `El tiempo de espera estimado es de más de ${w.minutes} minutos.`,
    voicemail: key => `Si prefiere dejar un mensaje de voz, pulse ${key}.`,
  },
  'it-IT': {
    place: n =>
      n === 1
        ? 'La sua chiamata è la prossima in coda.'
        : `Lei è il numero ${n} in coda.`,
    wait: w =>
      w.kind === 'about'
        ? `Il tempo di attesa previsto è di circa ${minutes(
            w.minutes,
            'un minuto',
            'minuti',
          )}.`
        : `Il tempo di attesa previsto è di oltre ${w.minutes} minuti.`,
    voicemail: key =>
      `Se preferisce lasciare un messaggio in segreteria, prema ${key}.`,
  },
  'pt-BR': {
    place: n =>
      n === 1
        ? 'Sua chamada é a próxima da fila.'
        : `Você é o número ${n} na fila.`,
    wait: w =>
      w.kind === 'about'
        ? `O tempo de espera estimado é de cerca de ${minutes(
            w.minutes,
            'um minuto',
            'minutos',
          )}.`
        : `O tempo de espera estimado é de mais de ${w.minutes} minutos.`,
    voicemail: key =>
      `Se preferir deixar uma mensagem de voz, pressione ${key}.`,
  },
  'nl-NL': {
    place: n =>
      n === 1
        ? 'U bent als volgende aan de beurt.'
        : `U bent nummer ${n} in de wachtrij.`,
    wait: w =>
      w.kind === 'about'
        ? `De verwachte wachttijd is ongeveer ${minutes(
            w.minutes,
            'één minuut',
            'minuten',
          )}.`
        : `De verwachte wachttijd is meer dan ${w.minutes} minuten.`,
    voicemail: key =>
      `Druk op ${key} om in plaats daarvan een bericht in te spreken.`,
  },
  'sv-SE': {
    place: n => (n === 1 ? 'Du står näst på tur.' : `Du är nummer ${n} i kön.`),
    wait: w =>
      w.kind === 'about'
        ? `Den beräknade väntetiden är ungefär ${minutes(
            w.minutes,
            'en minut',
            'minuter',
          )}.`
        : `Den beräknade väntetiden är mer än ${w.minutes} minuter.`,
    voicemail: key =>
      `Tryck ${key} om du vill lämna ett röstmeddelande i stället.`,
  },
  // Japanese counts without plural forms: 1分, 4分.
  'ja-JP': {
    place: n =>
      n === 1 ? 'お客様は次の順番です。' : `お客様の順番は${n}番目です。`,
    wait: w =>
      w.kind === 'about'
        ? `待ち時間はおよそ${w.minutes}分の見込みです。`
        : `待ち時間は${w.minutes}分を超える見込みです。`,
    voicemail: key =>
      `代わりに留守番電話にメッセージを残す場合は、${key}を押してください。`,
    separator: '',
  },
};

/**
 * The announcement in the caller's language: their place, the expected
 * wait when there is an estimate, and the voicemail key when there is one.
 */
export function lineAnnouncementText(
  language: Language,
  announcement: LineAnnouncement,
): string {
  const sentences = SENTENCES[language];
  const { position, wait, voicemailKey } = announcement;
  return [
    sentences.place(position),
    ...(wait.kind === 'unknown' ? [] : [sentences.wait(wait)]),
    ...(voicemailKey === undefined ? [] : [sentences.voicemail(voicemailKey)]),
  ].join(sentences.separator ?? ' ');
}
