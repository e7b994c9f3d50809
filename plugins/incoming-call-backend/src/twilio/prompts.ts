import type { Language } from '@icr/plugin-incoming-call-common';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';

/**
 * The Twilio `<Say>` voice for each language: custom text and built-in
 * prompts are spoken with it.
 */
export const VOICES: Record<
  Language,
  NonNullable<VoiceResponse.SayAttributes['voice']>
> = {
  'en-US': 'Polly.Joanna',
  'en-GB': 'Polly.Amy',
  'de-DE': 'Polly.Vicki',
  'fr-FR': 'Polly.Lea',
  'es-ES': 'Polly.Lucia',
  'it-IT': 'Polly.Bianca',
  'pt-BR': 'Polly.Camila',
  'nl-NL': 'Polly.Lotte',
  'sv-SE': 'Polly.Astrid',
  'ja-JP': 'Polly.Mizuki',
};

/** Built-in prompts, translated. */
export const PROMPTS: Record<
  | 'notInService'
  | 'leaveVoicemail'
  | 'tryLater'
  /** After a voicemail. */
  | 'thankYou'
  /** After a failure: nothing to thank for. */
  | 'goodbye'
  /** The menu: a key it has no option for. */
  | 'notAnOption'
  /** The menu: no key pressed. */
  | 'noInput'
  /** A responder too late: someone else took the call. */
  | 'taken'
  /** A responder too late: the caller hung up. */
  | 'callerGone'
  /** Who is calling, when the caller's number is withheld. */
  | 'unknownNumber',
  Record<Language, string>
> = {
  notInService: {
    'en-US': 'This number is not in service. Goodbye.',
    'en-GB': 'This number is not in service. Goodbye.',
    'de-DE': 'Diese Nummer ist nicht in Betrieb. Auf Wiederhören.',
    'fr-FR': "Ce numéro n'est pas en service. Au revoir.",
    'es-ES': 'Este número no está en servicio. Adiós.',
    'it-IT': 'Questo numero non è attivo. Arrivederci.',
    'pt-BR': 'Este número não está em serviço. Até logo.',
    'nl-NL': 'Dit nummer is niet in gebruik. Tot ziens.',
    'sv-SE': 'Det här numret är inte i bruk. Hej då.',
    'ja-JP': 'この番号は現在使われておりません。失礼いたします。',
  },
  leaveVoicemail: {
    'en-US':
      'Nobody is available right now. Please leave a message after the tone.',
    'en-GB':
      'Nobody is available right now. Please leave a message after the tone.',
    'de-DE':
      'Im Moment ist niemand erreichbar. Bitte hinterlassen Sie nach dem Signalton eine Nachricht.',
    'fr-FR':
      "Personne n'est disponible pour le moment. Veuillez laisser un message après le bip.",
    'es-ES':
      'No hay nadie disponible en este momento. Por favor, deje un mensaje después de la señal.',
    'it-IT':
      'Al momento non è disponibile nessuno. Lasci un messaggio dopo il segnale acustico.',
    'pt-BR':
      'Ninguém está disponível no momento. Por favor, deixe uma mensagem após o sinal.',
    'nl-NL':
      'Er is op dit moment niemand beschikbaar. Spreek na de toon een bericht in.',
    'sv-SE': 'Ingen är tillgänglig just nu. Lämna ett meddelande efter tonen.',
    'ja-JP':
      'ただいま電話に出ることができません。発信音の後にメッセージをお残しください。',
  },
  tryLater: {
    'en-US': 'Nobody is available right now. Please try again later. Goodbye.',
    'en-GB': 'Nobody is available right now. Please try again later. Goodbye.',
    'de-DE':
      'Im Moment ist niemand erreichbar. Bitte versuchen Sie es später noch einmal. Auf Wiederhören.',
    'fr-FR':
      "Personne n'est disponible pour le moment. Veuillez rappeler plus tard. Au revoir.",
    'es-ES':
      'No hay nadie disponible en este momento. Por favor, vuelva a llamar más tarde. Adiós.',
    'it-IT':
      'Al momento non è disponibile nessuno. La preghiamo di riprovare più tardi. Arrivederci.',
    'pt-BR':
      'Ninguém está disponível no momento. Por favor, tente novamente mais tarde. Até logo.',
    'nl-NL':
      'Er is op dit moment niemand beschikbaar. Probeer het later opnieuw. Tot ziens.',
    'sv-SE': 'Ingen är tillgänglig just nu. Försök igen senare. Hej då.',
    'ja-JP':
      'ただいま電話に出ることができません。後ほどおかけ直しください。失礼いたします。',
  },
  thankYou: {
    'en-US': 'Thank you. Goodbye.',
    'en-GB': 'Thank you. Goodbye.',
    'de-DE': 'Vielen Dank. Auf Wiederhören.',
    'fr-FR': 'Merci. Au revoir.',
    'es-ES': 'Gracias. Adiós.',
    'it-IT': 'Grazie. Arrivederci.',
    'pt-BR': 'Obrigado. Até logo.',
    'nl-NL': 'Dank u wel. Tot ziens.',
    'sv-SE': 'Tack. Hej då.',
    'ja-JP': 'ありがとうございました。失礼いたします。',
  },
  goodbye: {
    'en-US': 'Goodbye.',
    'en-GB': 'Goodbye.',
    'de-DE': 'Auf Wiederhören.',
    'fr-FR': 'Au revoir.',
    'es-ES': 'Adiós.',
    'it-IT': 'Arrivederci.',
    'pt-BR': 'Até logo.',
    'nl-NL': 'Tot ziens.',
    'sv-SE': 'Hej då.',
    'ja-JP': '失礼いたします。',
  },
  notAnOption: {
    'en-US': 'Sorry, that is not one of the options.',
    'en-GB': 'Sorry, that is not one of the options.',
    'de-DE': 'Diese Auswahl gibt es leider nicht.',
    'fr-FR': "Désolé, ce choix n'existe pas.",
    'es-ES': 'Lo sentimos, esa no es una de las opciones.',
    'it-IT': 'Spiacenti, non è una delle opzioni.',
    'pt-BR': 'Desculpe, essa não é uma das opções.',
    'nl-NL': 'Sorry, dat is geen van de keuzes.',
    'sv-SE': 'Tyvärr, det är inte ett av alternativen.',
    'ja-JP': '申し訳ありません。その番号は選択肢にありません。',
  },
  noInput: {
    'en-US': 'Sorry, we did not receive your choice.',
    'en-GB': 'Sorry, we did not receive your choice.',
    'de-DE': 'Wir haben leider keine Auswahl erhalten.',
    'fr-FR': "Désolé, nous n'avons reçu aucun choix.",
    'es-ES': 'Lo sentimos, no hemos recibido ninguna opción.',
    'it-IT': 'Spiacenti, non abbiamo ricevuto alcuna scelta.',
    'pt-BR': 'Desculpe, não recebemos a sua escolha.',
    'nl-NL': 'Sorry, we hebben geen keuze ontvangen.',
    'sv-SE': 'Tyvärr, vi fick inget val.',
    'ja-JP': '申し訳ありません。選択が確認できませんでした。',
  },
  taken: {
    'en-US': 'Someone else has already taken this call. Goodbye.',
    'en-GB': 'Someone else has already taken this call. Goodbye.',
    'de-DE':
      'Jemand anderes hat diesen Anruf bereits angenommen. Auf Wiederhören.',
    'fr-FR': "Quelqu'un d'autre a déjà pris cet appel. Au revoir.",
    'es-ES': 'Otra persona ya ha atendido esta llamada. Adiós.',
    'it-IT': 'Qualcun altro ha già preso questa chiamata. Arrivederci.',
    'pt-BR': 'Outra pessoa já atendeu esta chamada. Até logo.',
    'nl-NL': 'Iemand anders heeft dit gesprek al aangenomen. Tot ziens.',
    'sv-SE': 'Någon annan har redan tagit samtalet. Hej då.',
    'ja-JP': 'この電話は既に他の方が応答しました。失礼いたします。',
  },
  callerGone: {
    'en-US': 'The caller has already hung up. Goodbye.',
    'en-GB': 'The caller has already hung up. Goodbye.',
    'de-DE': 'Der Anrufer hat bereits aufgelegt. Auf Wiederhören.',
    'fr-FR': "L'appelant a déjà raccroché. Au revoir.",
    'es-ES': 'La persona que llamaba ya ha colgado. Adiós.',
    'it-IT': 'Il chiamante ha già riagganciato. Arrivederci.',
    'pt-BR': 'A pessoa que ligou já desligou. Até logo.',
    'nl-NL': 'De beller heeft al opgehangen. Tot ziens.',
    'sv-SE': 'Den som ringde har redan lagt på. Hej då.',
    'ja-JP': 'お客様はすでに電話を切られました。失礼いたします。',
  },
  unknownNumber: {
    'en-US': 'unknown number',
    'en-GB': 'unknown number',
    'de-DE': 'unbekannte Nummer',
    'fr-FR': 'numéro inconnu',
    'es-ES': 'número desconocido',
    'it-IT': 'numero sconosciuto',
    'pt-BR': 'número desconhecido',
    'nl-NL': 'onbekend nummer',
    'sv-SE': 'okänt nummer',
    'ja-JP': '非通知',
  },
};

/** What a responder who answers hears about the call. */
export interface Announcement {
  team: string;
  /** The caller's number as it is to be spoken (see `spokenNumber`). */
  caller: string;
  /** The auto-attendant option the caller chose, if any. */
  option?: string;
}

const englishAnnouncement = ({ team, caller, option }: Announcement) =>
  `Incoming support call for ${team}. Caller: ${caller}.${
    option ? ` Option: ${option}.` : ''
  } Press 1 to take the call.`;

/**
 * What a responder hears on answering, translated: who is calling, the
 * option chosen, and the key that takes the call.
 */
export const CONFIRM_PROMPT: Record<Language, (call: Announcement) => string> =
  {
    'en-US': englishAnnouncement,
    'en-GB': englishAnnouncement,
    'de-DE': ({ team, caller, option }) =>
      `Eingehender Supportanruf für ${team}. Anrufer: ${caller}.${
        option ? ` Option: ${option}.` : ''
      } Drücken Sie 1, um den Anruf anzunehmen.`,
    'fr-FR': ({ team, caller, option }) =>
      `Appel de support entrant pour ${team}. Appelant : ${caller}.${
        option ? ` Option : ${option}.` : ''
      } Appuyez sur 1 pour prendre l'appel.`,
    'es-ES': ({ team, caller, option }) =>
      `Llamada de soporte entrante para ${team}. Llamante: ${caller}.${
        option ? ` Opción: ${option}.` : ''
      } Pulse 1 para atender la llamada.`,
    'it-IT': ({ team, caller, option }) =>
      `Chiamata di supporto in arrivo per ${team}. Chiamante: ${caller}.${
        option ? ` Opzione: ${option}.` : ''
      } Premi 1 per rispondere.`,
    'pt-BR': ({ team, caller, option }) =>
      `Chamada de suporte recebida para ${team}. Origem: ${caller}.${
        option ? ` Opção: ${option}.` : ''
      } Pressione 1 para atender.`,
    'nl-NL': ({ team, caller, option }) =>
      `Inkomende supportoproep voor ${team}. Beller: ${caller}.${
        option ? ` Optie: ${option}.` : ''
      } Druk op 1 om het gesprek aan te nemen.`,
    'sv-SE': ({ team, caller, option }) =>
      `Inkommande supportsamtal till ${team}. Från: ${caller}.${
        option ? ` Alternativ: ${option}.` : ''
      } Tryck 1 för att ta samtalet.`,
    'ja-JP': ({ team, caller, option }) =>
      `${team}へのサポート電話です。発信者番号：${caller}。${
        option ? `選択されたメニュー：${option}。` : ''
      }応答するには1を押してください。`,
  };

/**
 * A phone number as a voice reads it digit by digit, in any language: the
 * digits apart, in groups of three with a pause between (`say-as
 * telephone` is not read alike by every voice). Withheld numbers are
 * "unknown".
 */
export function spokenNumber(number: string, language: Language): string {
  const digits = number.replace(/\D/g, '');
  if (!digits) return PROMPTS.unknownNumber[language];
  return (digits.match(/\d{1,3}/g) ?? [])
    .map(g => g.split('').join(' '))
    .join(', ');
}
