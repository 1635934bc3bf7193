// German replies.
import type { Lexicon } from './types';

const SEND = '(schreiben|anschreiben|kontaktieren|nerven|belastigen|belaestigen|zuspammen|spammen|anrufen|nachrichten|zu schreiben|mir zu schreiben)';

export const de: Lexicon = {
  lang: 'de',
  stopAlways: [
    `(hor|hoer|hort|hoert|horen sie|hoeren sie|hort ihr) (endlich |bitte |sofort |jetzt )?(auf|damit auf)`, `(horen|hoeren) sie (endlich )?auf`,
    'ich (habe|hab) (doch |schon |bereits )?(gesagt|geschrieben) (nein|stop|stopp|aufhoren)', 'wie oft (noch|soll ich)',
  ],
  stop: [
    'nicht (wiederholen|nochmal machen)',
    'nie (wieder|mehr) (was|etwas|irgendwas) von (euch|ihnen|dir) (lesen|horen|sehen|bekommen)',
    'letzte (nachricht|mail|sms)', 'widerrufe', 'kontaktaufnahme', 'unterlass[a-z]*', '(mochte|moechte|will|wunsche|wuensche) (keine|nichts) (mehr )?(erhalten|bekommen|nachrichten|werbung)',
    '(raus|weg) aus (meinen|meiner|meinem) (dms|nachrichten|postfach|inbox|posteingang)', 'aus (meinen|meiner|meinem) (dms|nachrichten|postfach|inbox|posteingang) raus', 'widersprech[a-z]*', 'widerspruch', '(verlange|fordere|beantrage) (die |deren |ihre )?(loschung|loeschung)',
    'lass[a-z]* (mich|uns) ([a-z]+ )?in (ruhe|frieden)',
    '(nie|nicht) (wieder|mehr) (kontaktiert|angeschrieben|angerufen|belastigt|belaestigt|behelligt) (werden|zu werden)', 'davon absehen', '(geh|geht|gehen sie) mir (nicht )?auf den (sack|keks|geist|wecker|senkel)',
    'nie (zugestimmt|eingewilligt|erlaubt|eingetragen|angemeldet)', 'keine (einwilligung|erlaubnis|zustimmung) (gegeben|erteilt)', 'ohne (meine )?(einwilligung|erlaubnis|zustimmung)', '(mi|mich|uns) in (ruh|ruah|ruhe|frieden)',
    '(hab|habe|hatte) (ich )?(doch |schon |bereits |euch |ihnen |dir )*(nein|nee|stopp?) gesagt', 'nicht (nochmal|noch mal|wieder|mehr) (schreiben|anschreiben|kontaktieren|melden|anrufen|nerven|belastigen)', '(horts|hoerts|horet|hoeret) (endlich |bitte |jetzt )?auf', '(mir|mich) (bitte )?(nume|numme|nimme|nimmer|nid meh|nit meh)', '(vergesst|vergessen sie|vergiss) mich',
    `nie (wieder|mehr) ${SEND}`, 'nie wieder (kontaktieren|anschreiben|schreiben|anrufen|melden)', '(will|mochte|moechte) nicht (mehr )?(kontaktiert|angeschrieben|angerufen|belastigt|belaestigt) werden',
    '(kontaktier[a-z]*|schreib[a-z]*|anschreib[a-z]*|ruf[a-z]*|nerv[a-z]*|belastig[a-z]*) (sie )?(mich|mir|uns) (bitte )?(nicht|nie|keine) (mehr|wieder)', '(losch|loesch|losche|loesche)(en sie|t|e)? (bitte |sofort )?(mich|meine|alle|sie meine)', 'unerwunscht[a-z]*', 'nicht mehr (erhalten|bekommen|empfangen|kontaktiert)', '(dsgvo|datenschutz[a-z]*)',
    // Frames rather than phrases: not wanting messages, removal from a list, deleting one's data.
    '(nehmt|nehmen sie|nimm|streicht|streichen sie|streich|entfernt|entfernen sie) mich (aus|von)', '(aus|von) (dem|ihrem|eurem|deinem|der|ihrer|eurer|deiner|dieser|diesem|jeder) (verteiler|liste|newsletter|datenbank|kartei|mailingliste|adressliste|kontaktliste)',
    'stop', 'stopp', 'stoppen', 'aufhoren', 'aufhoeren', 'schluss( jetzt| damit)?', 'es reicht', 'reicht (jetzt|mir|langsam)', 'genug( jetzt| damit)?',
    'lass(t|en sie)? mich (in ruhe|in frieden|zufrieden)', 'mich in ruhe',
    '(schreib|schreibt|schreiben sie) (mir|uns) (nicht|nie|keine)', `(nicht|nie) mehr ${SEND}`, `(mich|mir) nicht mehr ${SEND}`, 'keine (weiteren )?(nachrichten|nachricht|werbung|dms|mails|spam) mehr',
    'keine (weiteren )?(nachrichten|werbung)', 'ich will (keine|nichts) (mehr|nachrichten)', 'kontaktieren sie mich nicht',
    'abmeld[a-z]*', 'abbestell[a-z]*', 'austragen', 'tragen sie mich aus', 'trag mich aus', 'entfern(en sie|t)? mich', 'losch(en sie|t)? (mich|meine)', 'loesch(en sie|t)? (mich|meine)', 'kundig(en|e)',
    'spam', 'belastigung', 'belaestigung', 'belastig[a-z]*', 'nerv(t|ig|en|st)?', 'betrug', 'abzocke', 'melde (dich|euch|sie|das)', 'gemeldet', 'blockier[a-z]*', 'anzeige',
    'verpiss(t)? (dich|euch)', 'hau(t)? ab', 'halt(et)? die (klappe|fresse)', 'halts maul', 'schnauze', 'arschloch', 'idiot(en)?', 'vollidiot', 'scheiss[a-z]*', 'leck mich', 'woher haben sie meine', 'wer hat (ihnen|dir|euch) meine',
  ],
  safe: ['(nicht|nie) (mehr )?(aufhoren|aufhoeren|stoppen)(?! (mir|mich|zu schreiben))', '(hor|hort|hoer) nicht auf(?! (mir|mich))', 'ohne (pause|aufzuhoren)', 'kann nicht aufhoren zu (lachen|lacheln|grinsen)'],
  negatedContact: { negations: ['nix', 'nichts', 'nicht', 'nich', 'net', 'nie', 'kein', 'keine', 'keinen', 'keiner', 'kei', 'niemals', 'nimmer', 'niemand'], contact: ['horen', 'hoeren', 'schreib', 'schrieb', 'schick', 'kontakt', 'nachricht', 'anruf', 'anschreib', 'meld', 'nerv', 'mail', 'spam', 'dm', 'belastig', 'belaestig', 'werbung', 'behellig'], again: ['xmore', 'mehr', 'wieder', 'meh', 'nochmal', 'nimmer', 'erneut'] },
  publicStop: [
    '(hort|horts|hoert|hoerts) (bitte |endlich |doch )*auf,? mi(ch|r)?', 'ruf(en|t)? (sie )?mich (bitte )?nicht mehr an',
    'keine (werbe ?)?(anrufe|sms|mails|e mails|nachrichten) mehr', 'austragen', 'trag(t)? mich ([a-z]+ ){0,5}aus', 'meldet mich ab',
    'widersprech[a-z]*', 'nehmen sie (mich|meine nummer|meine daten|meine adresse)', 'nicht mehr (anrufen|anschreiben|kontaktieren|schreiben)',
    'melden sie mich ab', 'keinerlei (kontakt|werbung|anrufe|mails)',
    'unterlassen sie ([a-z]+ ){0,3}(werbeanrufe|anrufe|mails|e mails|kontakt|werbung)', 'einstellung (jeglicher|der|aller) kontaktaufnahme',
    'markiert mich (bitte )?(nicht|nie) (mehr|standig|dauernd|immer)', 'woher haben sie meine (nummer|e mail|email|daten|adresse)',
    'wenn (sie|ihr|du) mich ([a-z]+ ){0,2}(anruft|anrufen|anrufst|kontaktieren|kontaktiert|anschreiben|anschreibt)',
    '(mochte|will|wunsche) nicht (mehr )?(kontaktiert|angerufen|angeschrieben) werden',
  ],
  stopBare: ['stop', 'stopp', 'abmelden', 'abbestellen', 'ende', 'beenden', 'schluss', 'genug', 'aus', 'austragen', 'tschuss'],
  decline: [
    '(klar|sicher|naturlich|natuerlich|genau|jawohl) (nicht|nein)',
    'nicht mein (ding|fall)',
    'grad(e)? nicht',
    'nein,? danke', 'ne,? danke', 'nee,? danke', 'no,? danke', 'danke,? nein', 'danke,? aber nein', 'kein interesse', 'nicht interessiert', 'interessiert mich nicht', '(habe|hab) kein interesse',
    'jetzt nicht', 'heute nicht', 'gerade nicht', 'momentan nicht', 'im moment nicht', 'vielleicht (spater|spaeter|ein andermal|nachstes mal|naechstes mal)', 'ein andermal', 'ein anderes mal', 'spater vielleicht',
    'lieber nicht', 'eher nicht', 'brauche ich nicht', 'brauch ich nicht', 'brauche (das|es) nicht', 'kein bedarf', 'nicht fur mich', 'nicht fuer mich', 'nichts fur mich', 'nichts fuer mich', 'ich passe',
    'auf keinen fall', 'naturlich nicht', 'natuerlich nicht', 'sicher nicht', 'bestimmt nicht', 'ich uberlege es mir', 'ich denke druber nach', 'nicht notig', '(ist|sehr|echt|total) schlecht', 'langweilig', 'mist', 'schrott', 'furchtbar', 'schrecklich',
  ],
  noWords: ['nein', 'ne', 'nee', 'noe', 'nope', 'nix'],
  neutral: ['warum (denn )?nicht', '(ich )?weiss (es )?nicht', 'keine ahnung', 'kein problem', 'nicht schlecht', 'nicht nur'],
  help: [
    'wer ist da', 'was passiert,? wenn',
    'wer seid ihr',
    'worum gehts', 'worum geht es', 'was (fur|fuer) (ein|eine) (angebot|aktion|nachricht)',
    'was ist das', 'was soll das', 'worum geht es', 'um was geht es', 'wer (sind sie|bist du|ist das|schreibt)', 'wie funktioniert (das|es)', 'ich verstehe (nicht|das nicht)', 'versteh ich nicht',
    'mehr info(s|rmationen)?', 'was (wollen sie|willst du)', 'welche firma', 'ist das (echt|ein bot)', 'was bedeutet das', 'brauche hilfe',
  ],
  helpWords: ['hilfe', 'info', 'infos', 'informationen', 'details', 'optionen', 'helfen'],
  human: [
    'mit (einem menschen|einer person|jemandem|einem mitarbeiter|einer mitarbeiterin|einem berater|einem echten menschen|einem menschen sprechen)',
    '(einen|echten) menschen (sprechen|bitte)', '(ruft|rufen sie|ruf) mich (bitte )?(an|zuruck)', 'ruckruf',
  ],
  yes: [
    'wie lange (gilt|lauft|laeuft)',
    'gerne?', 'sehr gerne?', 'auf jeden fall', 'klar doch', 'na klar', 'naturlich', 'natuerlich', 'interessiert mich', 'bin interessiert', '(ich bin|bin) dabei', 'klingt (gut|super|interessant|toll)',
    'warum nicht', 'erzahl(en sie)? mir mehr', 'erzaehl mir mehr', 'wie (melde ich mich an|kann ich mitmachen|funktioniert die anmeldung)', 'was kostet', 'schick(en sie)? (mir|mal)', 'anmelden', 'anmeldung', 'mach ich',
    'sehr gut', 'super', 'prima', 'toll', 'einverstanden', 'logo',
  ],
  yesWords: ['ja', 'jawohl', 'jap', 'jep', 'jo', 'klar', 'gerne', 'gern', 'sicher', 'natuerlich', 'naturlich', 'genau', 'einverstanden'],
  weakYesWords: ['ok', 'okay', 'gut', 'passt', 'na gut'],
  fillers: ['bitte', 'danke', 'jetzt', 'sofort', 'endlich', 'mal', 'doch', 'schon', 'hallo', 'hey', 'alles', 'nun', 'echt', 'ja', 'mensch', 'ey', 'ok', 'es', 'das', 'mit', 'damit', 'ich', 'sagte'],
  markers: ['der', 'die', 'das', 'ist', 'ich', 'sie', 'nicht', 'mich', 'mir', 'bitte', 'danke', 'und', 'mehr', 'kein', 'keine', 'ja', 'nein', 'ein', 'eine', 'mit', 'auf', 'zu', 'was', 'wie', 'habe', 'bin', 'schon', 'mal', 'doch', 'auch', 'fur', 'fuer', 'uns', 'du', 'ihr', 'wir', 'nachrichten', 'gerne'],
};
