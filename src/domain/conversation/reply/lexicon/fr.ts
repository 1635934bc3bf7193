// French replies.
import type { Lexicon } from './types';

const SEND = '(m ?ecrire|m ?envoyer|me contacter|me spammer|me deranger|m ?harceler|nous ecrire|m ?appeler|me relancer|insister)';

export const fr: Lexicon = {
  lang: 'fr',
  stopAlways: [
    `(arrete|arretez|arretes|arreter|cessez|cesse|cesser) de ${SEND}`, `(vous|tu|ils) n ?(arretez|arretes|arretent) pas de ${SEND}`,
    'je (vous|t) ai (deja )?dit (non|stop|d arreter|de ne plus)', 'combien de fois',
  ],
  stop: [
    'abstenez vous', 'oubli(ez|e) (moi|mon (pseudo|numero|nom|compte|adresse|mail|email|profil)|mes (coordonnees|donnees|infos))', '(pas|plus) envie d (etre|me faire) (demarche|sollicite|contacte|relance|harcele)', '(ne|n) (veux|souhaite|desire) (pas|plus) (etre|me faire) (demarche|sollicite|contacte|relance)',
    'ne recommencez (pas|plus|jamais)',
    'inutile de (revenir vers moi|me recontacter|me relancer|m ecrire|me contacter)', 'ne revenez (plus|pas|jamais) vers moi', 'on se parle plus',
    '(arr?et[a-z]*) de (m|me|nous) ?(ecrire|envoyer|contacter|spammer|deranger|relancer|harceler)', 'dernier (message|mail|sms|dm|courriel) que (je|j)', 'retire (mon |tout )?consentement', 'ne (souhaite|desire|veux) (pas |plus )?recevoir',
    '(j ?veux|je veux|veut|voulons) (plus|pu) (recevoir|etre)',
    '(me|m) laisser (tranquille|en paix)', '(cessiez|cessent|cessions|cesse|cessez|cesser) de (m|me|nous) ?(ecrire|envoyer|contacter|solliciter|deranger|relancer)',
    'ne plus (jamais )?(contacter|ecrire|envoyer|solliciter|relancer|deranger)', 'plus de (msg|msgs|sms|mails?|dm|dms) de (vous|ta part|votre part)', '(veux|veut) plus (de|d) ?(msg|msgs|messages?|mails?|vos)',
    '(jamais|pas) (donne|accorde) (mon )?(consentement|accord|autorisation)', '(jamais|pas) (autorise|consenti)', 'sans (mon )?(consentement|accord|autorisation)', 'etre (contact|sollicit|relanc|derang|importun|harcel|spamm)[a-z]*', 'ne (me|m|nous) ?[a-z]+ez (plus|jamais)', 'ne plus (me|m|nous) ?[a-z]+er',
    'm ?oublier', '(oubliez|oublie) (moi|mon (numero|compte|nom|adresse))',
    'ne (plus|jamais|plus jamais) (recevoir|etre (contacte|sollicite|relance)|avoir de (vos )?(nouvelles|messages))', 'ne (m|me) (recontactez|recontacte|relancez|sollicitez)( plus| jamais| pas)?', '(cesser|cessez|cesse) (toute|tout|les|vos|toutes) (communications?|contacts?|envois|sollicitations|messages)', '(rgpd|droit a l oubli)',
    // Frames rather than phrases: not wanting messages, removal from a list, deleting one's data.
    '(ne|n) (souhaite|veux|desire|voudrais|souhaitons) (plus|pas|plus jamais|aucunement) (recevoir|etre (contacte|sollicite|relance)|de (vos )?messages|vos|ces|aucun)', '(de|hors de) (votre|vos|ta|tes|la|cette|leur) (liste|listes|base|fichier|base de donnees|mailing)', '(supprimez|supprime|effacez|efface|retirez|retire) (toutes )?(mes|mon|ma) (donnees|numero|compte|coordonnees|informations|infos|contact|adresse)', 'merci de ne (plus|pas|jamais) (me|m|nous)',
    'stop', 'arret(e|ez|es|er)?', 'cessez', 'ca suffit', 'c est bon maintenant',
    'laisse(z|s)? moi (tranquille|en paix)', 'fiche(z|s)? moi la paix', 'fout(ez|s)? moi la paix', 'lache(z|s)? moi( la grappe)?',
    'ne (m|me|nous) (ecrivez|ecris|envoyez|envoie|contactez|contacte|derangez|spammez|relancez|harcelez|appelez)( plus| jamais| pas)?', 'ne plus (m|me) (ecrire|envoyer|contacter)',
    'plus (de|jamais de) (messages?|spam|pub|publicites?|sollicitations?)', 'je ne veux plus (recevoir|de messages|rien)', 'je veux plus (recevoir|de messages)',
    'desabonn[a-z]*', 'desinscri[a-z]*', 'me desinscrire', 'retirez moi', 'retire moi', 'supprimez moi', 'supprime moi', 'enlevez moi', 'sortez moi', 'radiez moi',
    'spam', 'harcel[a-z]*', 'arnaque(s|urs?)?', 'je (vais )?(vous |te )?(signale|signaler|bloque|bloquer)', 'signale', 'signalement', 'bloque', 'bloquer',
    'va te faire (foutre|voir)', 'allez vous faire (foutre|voir)', 'degage(z)?', 'casse(z)? toi', 'cassez vous', 'ta gueule', 'fermez la', 'ferme la', 'fiche(z)? le camp', 'foutez le camp',
    'connard', 'connards', 'abruti(s)?', 'idiots?', 'putain', 'merde', 'chiant', 'relou', 'penible', 'insupportable', 'ou avez vous (eu|trouve) mon', 'qui vous a (donne|passe) mon',
  ],
  safe: ['(c est|est ce) (une )?arnaque [?]', 'ne t ?arrete pas( la| maintenant)?(?! de (m|me|nous))', 'n ?(arrete|arretez|arretes) (pas|jamais)(?! de (m|me|nous))', 'j ?arrete (pas|jamais) de(?! (m|me|nous|vous ecrire|t))', 'sans arret', 'non ?stop', 'je (ne )?peux pas (m ?)?arreter de(?! (vous|t|m ?ecrire))', 'arret de bus'],
  negatedContact: { negations: ['ne', 'n', 'jamais', 'personne'], contact: ['ecri', 'ecriv', 'envoi', 'envoy', 'contact', 'recontact', 'sollicit', 'relanc', 'derang', 'harcel', 'messag', 'msg', 'mail', 'appel', 'spamm', 'texto', 'sms'], again: ['xmore', 'plus', 'jamais'] },
  publicStop: [
    'prochain (appel|sms|mail|message|email|courriel|texto)', '(enlevez|retirez|supprimez|effacez) (mon|ma|mes|moi)', 'bloctel', '(ne plus|plus jamais) (en )?recevoir',
    'arretez (de m|les (mails|appels|sms|messages))', 'ne m(e)? (appelez|ecrivez|contactez|taguez|identifiez) plus', '(me )?taguez plus',
    'desinscrivez moi', '(retire|retirez|supprimez|enlevez|effacez) moi', 'ne me (rappelez|recontactez|relancez) (plus|jamais)', 'desabonnez moi',
    'arreter de me (mentionner|taguer|identifier|appeler|ecrire|contacter|relancer)', 'ne souhaite (plus )?recevoir (aucune|aucun|de|plus)',
    'comment avez vous (mon|mes) (mail|numero|coordonnees|email|adresse)', 'ne (veux|souhaite) plus etre (demarche|contacte|sollicite)e?',
    'pas de mails commerciaux', 'si vous m (appelez|ecrivez|contactez|envoyez|relancez|recontactez) encore',
  ],
  stopBare: ['stop', 'arret', 'arrete', 'arretez', 'annuler', 'desinscription', 'fin', 'assez', 'basta', 'desabonnement'],
  decline: [
    '(bien sur|evidemment|certainement|absolument) (que )?(non|pas)',
    'pas cette fois', 'j ?ai deja (un|une|mon|ma|le|la|ce|cette) ([a-z]+ )?(contrat|abonnement|assurance|forfait|offre|fournisseur|compte|carte|banque|operateur)', 'j ?ai deja tout',
    'passer mon tour',
    'non,? merci', 'pas interesse(e|s|es)?', '(ca|cela) ne m ?interesse pas', '(ca|cela) m ?interesse pas', 'je ne suis pas interesse', 'pas pour moi', 'pas maintenant', 'pas aujourd ?hui',
    'pas (pour le moment|pour l instant|en ce moment|le moment)', '(peut etre|ptet|ptetre) (plus tard|une autre fois|un autre jour)', 'plus tard', 'une autre fois', 'sans facon', 'je passe',
    '(ca|ce sera) ira', 'pas besoin', 'je n ?en ai pas besoin', 'ca ne me dit rien', 'bien sur que non', 'certainement pas', 'surement pas', 'absolument pas', 'pas du tout', 'non plus',
    'merci mais non', 'je vais reflechir', 'je reflechis', 'bof', 'non desole', '(c est|trop|vraiment|tellement) nul', 'aucun interet', 'sans interet', 'ennuyeux', 'horrible', 'je prefere pas', 'je prefere ne pas', 'ca ne m ?interesse',
  ],
  noWords: ['non', 'nan', 'nope', 'nn'],
  neutral: ['pourquoi pas', 'je (ne )?sais pas', 'pas mal', 'pas de (souci|soucis|probleme)', 'non seulement'],
  help: [
    'pourquoi (je recois|j ?ai recu|je recoit)',
    'c est quoi', 'qu est ce que c est', 'qu est ce que', 'qui (etes vous|es tu|est ce|parle)', 'vous etes qui', 't es qui', 'c est qui', 'de quoi (s agit il|parlez vous|il s agit)',
    'comment (ca|cela) (marche|fonctionne)', 'je ne comprends pas', 'je comprends pas', 'j ai pas compris', 'plus d ?(infos?|informations)', 'besoin d ?aide', 'quelle (entreprise|societe)',
    'c est (un robot|un bot|reel|serieux)', 'vous voulez quoi', 'que voulez vous',
  ],
  helpWords: ['aide', 'aidez', 'infos', 'info', 'informations', 'renseignements', 'details', 'options', 'secours'],
  human: [
    'parler (a|avec) (un humain|une personne|quelquun|quelqu un|un conseiller|une conseillere|un agent|un operateur|un responsable|une vraie personne|un vrai humain)',
    '(je veux|j veux|il me faut) (un humain|une personne|un conseiller|un agent)', '(appelez|rappelez|appelle|rappelle) moi', 'me rappeler',
  ],
  yes: [
    '^(ok )?(vas y|allez y)',
    '^(vas y|allez y)',
    'je t ?ecoute', 'je vous ecoute', 'dis moi tout', 'dites moi tout',
    '(ca|cela) m ?interesse', 'je suis interesse(e)?', 'bien sur', 'avec plaisir', 'volontiers', 'd ?accord', 'carrement', 'allons y', 'allez y', 'je suis partant(e)?',
    'dites m ?en plus', 'dis m ?en plus', 'comment (m ?inscrire|je m ?inscris|participer|faire)', 'ou (je m ?inscris|s ?inscrire)', 'combien (ca coute|coute)', 'envoyez( moi)?', 'oui (s il vous plait|svp|stp)',
    'pourquoi pas', 'ca marche', 'c est parti', 'j ?adorerais', 'je veux bien', 'tres bien', 'parfait', 'genial', 'top',
  ],
  yesWords: ['oui', 'ouais', 'ouai', 'daccord', 'dac', 'volontiers', 'certainement', 'absolument', 'evidemment', 'ouep', 'yep', 'bien sur'],
  weakYesWords: ['ok', 'bien', 'ouais'],
  fillers: ['svp', 'stp', 's', 'il', 'vous', 'te', 'plait', 'merci', 'maintenant', 'tout', 'suite', 'c', 'est', 'bon', 'bonjour', 'j', 'ai', 'dit', 'deja', 'oh', 'bref', 'allez', 'la'],
  markers: ['le', 'la', 'les', 'est', 'je', 'vous', 'tu', 'moi', 'merci', 'pas', 'ne', 'plus', 'c', 'ca', 'de', 'des', 'et', 'avec', 'svp', 'oui', 'non', 'j', 'm', 'n', 'qu', 'quoi', 'mais', 'suis', 'une', 'un', 'du', 'pour', 'ce', 'cette', 'mes', 'votre', 'vos'],
};
