import type { Language } from '@icr/plugin-incoming-call-common';

/**
 * What a responder hears after a call, offered the next caller of the
 * line, translated: who is waiting (their number as `spokenNumber` reads
 * it) and the two keys.
 */
export const NEXT_CALLER_PROMPT: Record<
  Language,
  (offer: { caller: string }) => string
> = {
  'en-US': ({ caller }) =>
    `Another caller is waiting: ${caller}. Press 1 for the next caller, 2 to stop taking calls.`,
  'en-GB': ({ caller }) =>
    `Another caller is waiting: ${caller}. Press 1 for the next caller, 2 to stop taking calls.`,
  'de-DE': ({ caller }) =>
    `Ein weiterer Anrufer wartet: ${caller}. Drücken Sie 1 für den nächsten Anrufer, 2, um keine Anrufe mehr anzunehmen.`,
  'fr-FR': ({ caller }) =>
    `Un autre appelant attend : ${caller}. Appuyez sur 1 pour l'appelant suivant, sur 2 pour ne plus prendre d'appels.`,
  'es-ES': ({ caller }) =>
    `Otra persona está esperando: ${caller}. Pulse 1 para atender la siguiente llamada, 2 para dejar de recibir llamadas.`,
  'it-IT': ({ caller }) =>
    `Un altro chiamante è in attesa: ${caller}. Prema 1 per il prossimo chiamante, 2 per non ricevere altre chiamate.`,
  'pt-BR': ({ caller }) =>
    `Outra pessoa está aguardando: ${caller}. Pressione 1 para atender a próxima chamada, 2 para parar de receber chamadas.`,
  'nl-NL': ({ caller }) =>
    `Er wacht nog een beller: ${caller}. Druk op 1 voor de volgende beller, op 2 om geen gesprekken meer aan te nemen.`,
  'sv-SE': ({ caller }) =>
    `Ännu en uppringare väntar: ${caller}. Tryck 1 för nästa samtal, 2 för att inte ta fler samtal.`,
  'ja-JP': ({ caller }) =>
    `他のお客様がお待ちです。発信者番号：${caller}。次のお電話に出るには1を、電話の受付を停止するには2を押してください。`,
};

/** The rest of the after-call offer, translated. */
export const OFFER_PROMPTS: Record<
  /** The responder confirmed, but the caller was gone before the bridge. */
  | 'callerLeft'
  /** Nobody in the line waits for this responder. */
  | 'nobodyWaiting'
  /** The responder pressed 2: away from the line for an hour. */
  | 'stoppedTaking',
  Record<Language, string>
> = {
  callerLeft: {
    'en-US': 'The caller hung up before you were connected.',
    'en-GB': 'The caller hung up before you were connected.',
    'de-DE': 'Der Anrufer hat aufgelegt, bevor Sie verbunden wurden.',
    'fr-FR': "L'appelant a raccroché avant d'être mis en relation avec vous.",
    'es-ES':
      'La persona que llamaba colgó antes de que se estableciera la conexión.',
    'it-IT': 'Il chiamante ha riagganciato prima del collegamento.',
    'pt-BR': 'A pessoa que ligou desligou antes de a ligação ser conectada.',
    'nl-NL': 'De beller heeft opgehangen voordat u werd doorverbonden.',
    'sv-SE': 'Den som ringde lade på innan ni kopplades ihop.',
    'ja-JP': 'おつなぎする前に、お客様が電話を切られました。',
  },
  nobodyWaiting: {
    'en-US': 'Nobody else is waiting. Thank you.',
    'en-GB': 'Nobody else is waiting. Thank you.',
    'de-DE': 'Es wartet niemand mehr. Vielen Dank.',
    'fr-FR': "Plus personne n'attend. Merci.",
    'es-ES': 'No hay nadie más esperando. Gracias.',
    'it-IT': "Non c'è nessun altro in attesa. Grazie.",
    'pt-BR': 'Não há mais ninguém aguardando. Obrigado.',
    'nl-NL': 'Er wacht verder niemand. Dank u wel.',
    'sv-SE': 'Ingen mer väntar. Tack.',
    'ja-JP': 'お待ちのお客様は他にいません。ありがとうございました。',
  },
  stoppedTaking: {
    'en-US':
      'You will get no more calls from the line for the next hour. Goodbye.',
    'en-GB':
      'You will get no more calls from the line for the next hour. Goodbye.',
    'de-DE':
      'Sie erhalten in der nächsten Stunde keine Anrufe mehr aus der Warteschlange. Auf Wiederhören.',
    'fr-FR':
      "Vous ne recevrez plus d'appels de la file d'attente pendant l'heure qui vient. Au revoir.",
    'es-ES':
      'No recibirá más llamadas de la cola de espera durante la próxima hora. Adiós.',
    'it-IT':
      'Non riceverà altre chiamate dalla coda di attesa per la prossima ora. Arrivederci.',
    'pt-BR':
      'Você não receberá mais chamadas da fila de espera durante a próxima hora. Até logo.',
    'nl-NL':
      'U krijgt het komende uur geen gesprekken meer uit de wachtrij. Tot ziens.',
    'sv-SE': 'Du får inga fler samtal från kön den närmaste timmen. Hej då.',
    'ja-JP':
      '今後1時間は、お待ちのお客様からのお電話をおつなぎしません。失礼いたします。',
  },
};
