// Italian replies.
import type { Lexicon } from './types';

const SEND = '(scriver(mi|ci|e)|mandar(mi|ci|e)|inviar(mi|ci|e)|contattar(mi|ci|e)|disturbar(mi|e)|cercar(mi|e)|importunar(mi|e)|spammar(mi|e)|chiamar(mi|e)|rompere)';

export const it: Lexicon = {
  lang: 'it',
  stopAlways: [
    `(smetti|smettila|smettete|smettetela|smettere|smettila di|la smetta) di ${SEND}`, `(non|mai piu) (mi )?(scrivete|scriva|scrivere|scrivermi|mandate|mandatemi|mandare|mandarmi|inviate|inviatemi|contattate|contattatemi|contattarmi|cercate|cercatemi|disturbate|disturbare|chiamate|scrivetemi|chiamatemi|scrivimi|mandami|contattami|chiamami)( piu| mai)?`,
    '(vi|ti) (ho )?(gia )?detto (di no|no|basta|di smettere)', 'quante volte',
  ],
  stop: [
    'mai piu( grazie| per favore| davvero)?( [.?])?$',
    'non (tornare|tornate)( piu| mai)?',
    'non (ripetete|ripetetelo|rifatelo|fatelo piu)',
    'dimenticatevi di me', 'scordatevi di me', 'niente (piu )?(pubblicita|promozioni|messaggi|spam|promo)', 'mi (togliete|togli|cancellate|cancelli|rimuovete|rimuovi) da',
    'diffid[a-z]*', '(ultimo|ultima) (messaggio|mail|sms) che', 'revoco (il |ogni )?(mio )?consenso', 'non desidero (piu )?ricevere',
    '(cessate|cessare|interrompete|interrompere) (ogni|qualsiasi|tutte le|la|qualunque) comunicazion[ei]', 'non (mi )?ricontatt[a-z]*',
    'lasciar(e|lo|la|li|mi)? (stare|in pace)', 'romp[a-z]* (piu )?(le scatole|i coglioni|le palle)',
    'non essere (piu )?(contattat|disturbat|cercat|chiamat)[a-z]*', '(la )?(finite|finitela|finiscila|smettetela)( la)? di', '(evitare|evitate|evita) di (contattarmi|scrivermi|mandarmi|chiamarmi|disturbarmi)',
    'mai dato (il )?(consenso|permesso|autorizzazione)', 'non (ho )?(mai )?(autorizzato|acconsentito|dato il consenso)', 'senza (il mio )?(consenso|permesso)', '(rimuov|cancell|elimin)[a-z]* (tutti )?(il mio|i miei|la mia|le mie|mio|miei) (dati|numero|contatt[oi]|account|informazioni|profilo|nominativo|indirizzo)', '(dalla|dalle|dal|dai|dagli) (vostra |vostre |vostri |vostro |tua |tue |tuoi |tuo |sua |sue |suoi |suo )?(lista|liste|mailing list|database|elenco|elenchi|rubrica|archivi|archivio)',
    '(dimenticatemi|dimenticami|scordatevi di me|scordati di me)',
    'non (voglio|desidero) (essere|venire) (piu )?(contattat[oa]|disturbat[oa]|cercat[oa]|chiamat[oa]|scritt[oa])', 'non (voglio|desidero) (piu )?(essere|venire) (contattat[oa]|disturbat[oa]|cercat[oa]|chiamat[oa])',
    '(smettere|smetto|smettila|smettete) di ricevere', 'non ricevere (piu|altri|altre|questi|questo|nulla)', '(gdpr|diritto all oblio)',
    // Frames rather than phrases: not wanting messages, removal from a list, deleting one's data.
    '(cancella|cancellate|cancellami|elimina|eliminate|rimuovi|rimuovete) (tutti )?(i miei|il mio|la mia|le mie|miei) (dati|numero|contatt[oi]|account|informazioni|profilo)', '(dalla|dalle|dal) (vostra |tua |sua |vostro |tuo |suo )?(lista|liste|mailing list|database|elenco|rubrica)',
    'basta$', '^basta', 'puoi smettere', 'potete smettere', 'ora basta', 'adesso basta', 'basta (cosi|con|messaggi|spam|ora|adesso|per favore|grazie)', 'smettila', 'smettetela', 'la smetta', 'piantala', 'piantatela', 'finitela', 'falla finita',
    'lasciami (in pace|stare)', 'lasciatemi (in pace|stare)', 'mi lasci(ate)? in pace', 'lascia(te)? stare me',
    'non (voglio|desidero) piu (ricevere|messaggi|nulla|niente)', 'non voglio (ricevere|messaggi)', 'niente piu messaggi', 'basta messaggi', 'non scrivermi',
    'disiscriv[a-z]*', 'disiscrizione', 'cancell(ami|atemi|are la mia iscrizione|a la mia iscrizione)', 'annulla(re)? (l |la mia )?iscrizione', '(togli|toglie|togliete)(mi|temi) (dalla|da)', 'toglietemi', 'toglimi', 'rimuovetemi', 'rimuovimi', 'eliminatemi',
    'spam', 'molesti(a|e)', 'truffa(tori)?', 'segnal[a-z]*', 'vi (blocco|segnalo|denuncio)', 'ti (blocco|segnalo|denuncio)', 'blocc(o|ato|are|ata)', 'denunci[a-z]*',
    'vaffanculo', 'fanculo', 'va(i)? a quel paese', 'andate a quel paese', 'sta(i)? zitt[oa]', 'state zitti', 'sparisci', 'sparite', 'rompi(ete)? (le scatole|i coglioni)', 'rompere le scatole', 'che palle', 'non rompere', 'non rompete',
    'idioti?', 'imbecill[ei]', 'cretin[oi]', 'stronz[oi]', 'cazzo', 'merda', 'pesanti', 'che rottura', 'dove avete (preso|trovato) il mio', 'chi (vi|ti) ha dato il mio',
  ],
  safe: ['come (faccio|posso|si fa) a (bloccare|segnalare|silenziare)', '(e|questa e) (una )?truffa [?]', 'non (smettere|smettete|smettetela)(?! di (scriv|mand|invi|contatt))', 'non riesco a smettere di(?! (scriv|mand))', 'senza sosta', 'basta che', 'mi basta', 'ti basta', 'basta (un|una|poco|solo|cliccare)'],
  negatedContact: { negations: ['nun', 'non', 'nn', 'n', 'mai', 'nessuno'], contact: ['scriv', 'mand', 'invi', 'contatt', 'chiam', 'cerc', 'disturb', 'messagg', 'msg', 'romp', 'spam', 'mail', 'dm'], again: ['xmore', 'piu', 'mai$'] },
  publicStop: [
    '(cancellare|eliminare|rimuovere) (il mio|i miei|la mia|le mie) ([a-z]+ )?(profilo|account|numero|cv|dati|email|indirizzo)', 'se (mi )?(arriva|arrivano|ricevo|mandate|scrivete|chiamate) (ancora|un altro|un altra|di nuovo)', '(vorrei|voglio|desidero) non ricevere piu',
    'niente piu (sms|mail|email|messaggi|chiamate|telefonate|notifiche|pubblicita|newsletter)',
    'basta (sms|mail|email|messaggi|chiamate|telefonate|notifiche|pubblicita|newsletter)', 'registro (delle|de) opposizion[a-z]*', '(cancellate|eliminate|togliete|rimuovete) (la mia|il mio|i miei|le mie|mi)', 'continu(ate|ano|a) a (chiamarmi|scrivermi|contattarmi|telefonarmi|mandarmi)',
    'smettete(la)? di (chiamar|scriver|mandar|taggar|telefonar|contattar|menzionar)[a-z]*', 'disiscrivetemi',
    '(toglietemi|cancellatemi|rimuovetemi|eliminatemi)', 'non (voglio|desidero) essere (ricontattat|contattat|chiamat)[a-z]*',
    'non desidero ricevere', 'come avete (la mia|il mio|i miei) (email|mail|numero|dati|contatti)', 'non taggatemi',
    'niente piu (telefonate|chiamate|mail|messaggi)', 'se mi (chiamate|scrivete|contattate|mandate)( [a-z]+){0,2} (ancora|volta|nuovo)',
  ],
  stopBare: ['basta', 'stop', 'fine', 'annulla', 'cancella', 'disiscrivi', 'esci', 'smettila'],
  decline: [
    '(sono|siamo) a posto', 'ho gia (un|una|uno|il|la|lo|tutto)', '(per )?stavolta no', 'questa volta no',
    '(certo|sicuro|ovvio|ovviamente|certamente) (che )?(no|non)',
    'ma figurati',
    'costa troppo', 'troppo caro',
    'no,? grazie', 'non mi interessa', 'non (sono|siamo) interessat[oaie]', 'non ho interesse', 'nessun interesse', 'non ora', 'ora no', 'adesso no', 'non adesso', 'per ora no', 'oggi no', 'non oggi', 'non per ora',
    '(magari|forse) (piu tardi|dopo|un altra volta|un altro giorno|in futuro)', 'un altra volta', 'piu avanti', 'passo', 'non fa per me', 'non mi serve', 'non ne ho bisogno', 'non ho bisogno', 'lascio stare',
    'anche no', 'certo che no', 'assolutamente no', 'per niente', 'neanche per sogno', 'nemmeno per sogno', 'grazie ma no', 'ci penso', 'ci pensero', 'non fa al caso mio', 'sto bene cosi', 'no no', '(che|fa) schifo', 'pessim[oa]', 'orribile', 'noioso', 'inutile',
  ],
  noWords: ['no', 'nope', 'noo', 'nah'],
  neutral: ['perche no', 'non (so|lo so)', 'nessun problema', 'non (e )?male', 'non vedo l ora', 'non solo'],
  help: [
    'cos e', 'che cos e', 'che (e|sarebbe) (questo|questa|sta roba)', 'di (cosa|che) si tratta', 'chi (sei|siete|e|parla|scrive)', 'come funziona', 'non (capisco|ho capito)', 'piu informazioni',
    'maggiori informazioni', 'ho bisogno di aiuto', 'quale azienda', 'e (un bot|vero|reale)', 'cosa (volete|vuoi)', 'cosa significa',
  ],
  helpWords: ['aiuto', 'aiutatemi', 'aiutami', 'info', 'informazioni', 'dettagli', 'opzioni'],
  human: [
    'parlare con (un operatore|un operatrice|una persona|qualcuno|un umano|un agente|un consulente|un responsabile|una persona vera|un essere umano)',
    '(voglio|vorrei|mi serve) (un operatore|una persona|un umano|un agente)', '(chiamatemi|mi chiami|mi chiamate|richiamatemi|mi richiami)',
  ],
  yes: [
    '^vai,? spara',
    'fino a quando (vale|dura)',
    'dimmi tutto', 'ditemi tutto',
    'mi interessa', '(sono|siamo) interessat[oaie]', 'certo che si', 'va bene', 'd ?accordo', 'volentieri', 'con piacere', 'assolutamente si', 'non vedo l ora', 'ci sto', 'perche no',
    'dimmi di piu', 'ditemi di piu', 'raccontami', 'come (mi iscrivo|partecipo|faccio(?! a (disdire|annullare|cancellare|disattivare|bloccare|togliere|eliminare|disiscriv))|funziona l iscrizione)', 'quanto costa', 'dove mi iscrivo', 'manda(mi|temi)? (il link|i dettagli|info)', 'mandami',
    'si,? grazie', 'si per favore', 'mi piacerebbe', 'vorrei (partecipare|saperne di piu|iscrivermi)', 'perfetto', 'ottimo', 'benissimo', 'fantastico', 'andiamo',
  ],
  yesWords: ['si', 'certo', 'certamente', 'volentieri', 'esatto', 'sicuro', 'assolutamente', 'ovvio', 'ovviamente', 'dai', 'vabbene', 'sisi'],
  weakYesWords: ['ok', 'va bene', 'bene', 'vabbe', 'ok dai'],
  fillers: ['per', 'favore', 'perfavore', 'grazie', 'ora', 'adesso', 'subito', 'gia', 'ciao', 'ok', 'dai', 'su', 'vi', 'ti', 'prego', 'ho', 'detto', 'e', 'ma', 'tutto', 'questo', 'questi', 'mi'],
  markers: ['il', 'lo', 'la', 'gli', 'le', 'e', 'che', 'non', 'mi', 'io', 'questo', 'questa', 'grazie', 'per', 'favore', 'piu', 'di', 'con', 'si', 'sono', 'un', 'una', 'ho', 'ma', 'del', 'della', 'vi', 'ti', 'ci', 'messaggi', 'adesso', 'ora', 'voglio', 'sei', 'siete', 'dei'],
};
