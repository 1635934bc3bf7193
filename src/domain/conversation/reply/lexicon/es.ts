// Spanish replies.
import type { Lexicon } from './types';

const SEND = '(escribir(me|nos)?|mandar(me|nos)?|enviar(me|nos)?|molestar(me)?|contactar(me)?|spamear(me)?|llamar(me)?|insistir|joder)';

export const es: Lexicon = {
  lang: 'es',
  stopAlways: [
    `(deja|dejen|dejad|deje|dejar|dejes|para|paren|parad|pare|parar) de ${SEND}`, `(no|nunca) (me |nos )?(vuelvas?|vuelvan|volvais) a ${SEND}`,
    'ya (te|les|os) (dije|he dicho) que (no|pares|basta)', '(te|les) dije que (no|pares|basta|pararan|dejaran)', 'cuantas veces',
  ],
  stop: [
    'no (vuelvas|vuelvan)( mas| nunca)?',
    'no (lo )?(repitan|repitas|vuelvan a hacerlo)',
    '(ultimo|ultima) (mensaje|correo|sms|dm) que (recibo|reciba|recibire)', 'retiro (mi |el |todo )?consentimiento', 'si (me )?(vuelven|vuelves|vuelve) a (escribir|mandar|contactar|llamar)',
    'me (borres|borren|borre|quites|quiten|saques|saquen|elimines|eliminen) de', '(dej|par)[a-z]* d(e)? (escribir|mandar|enviar|molestar|contactar|llamar)[a-z]*', 'cancel[a-z]* (el |la )?(envio|recepcion|suscripcion)',
    '(supresion|eliminacion|borrado|baja) de (mis|los|todos mis) datos', 'cese de (toda|todas|cualquier|la|las) (las )?comunicacion(es)?',
    'paren(le)? (con|ya)', 'que me (vuelvan|vuelvas|vuelva) a (contactar|escribir|mandar|llamar|molestar)', '(no|nunca) (ser|volver a ser) (contactad[oa]|molestad[oa])',
    '(nunca|no) (he dado|di|dio|he aceptado|acepte) (mi )?(consentimiento|permiso|autorizacion)', '(nunca|no) (autorice|consenti|he autorizado|he consentido)', 'sin (mi )?(consentimiento|permiso|autorizacion)', '(dejen|deje|deja|dejar|paren|parar) de (llegar|llegarme|aparecer|aparecerme)',
    '(olvidate|olvidese|olvidense|olvidaos) de mi',
    'no quiero saber (nada )?(mas )?de (ustedes|ti|vosotros|usted|su empresa|tu empresa|esto)', 'como (consiguieron|consiguio|consiguiste|obtuvieron|obtuviste|tienen|tienes) mi (usuario|numero|cuenta|contacto|correo|dato|datos|perfil)', 'no (quiero|deseo) (ser|volver a ser) (contactad[oa]|molestad[oa]|llamad[oa])',
    '(dejar|deje|dejen|dejo|parar|pare) de recibir', 'no (recibir|volver a recibir) (mas|nada|esto|estos|sus|tus)', '(cese|cesen|cesar) (toda|cualquier|la) comunicacion', 'no (vuelvan|vuelvas|vuelva) a (contactar|escribir|mandar)',
    // Frames rather than phrases: not wanting messages, removal from a list, deleting one's data.
    '(borra|borren|borrad|borre|elimina|eliminen|eliminad|elimine|quita|quiten|quitad|suprime|supriman) (todos )?(mis|mi) (datos|numero|cuenta|informacion|contacto|usuario|perfil)', '(de|fuera de) (su|sus|tu|tus|vuestra|la|esta|esa|cualquier) (lista|listas|base de datos|bases de datos)', 'no (quiero|deseo|necesito) (ningun|ningunos|mas|sus|tus|estos|esos) (mensajes?|correos?|spam|publicidad|promociones|notificaciones)',
    'basta', 'ya basta', '(puedes|pueden|podrias|podrian|podeis) parar', 'para ya', 'paren ya', 'alto ya',
    'dejame en paz', 'dejenme en paz', 'dejadme en paz', 'dej(a|e|en|ad)(me|nme|dme)? tranquil[oa]s?', 'no me (molestes|molesten|molesteis|escribas|escriban|escribais|mandes|manden|envies|envien|contactes|contacten|llames|llamen|jodas|jodan)',
    'no (quiero|deseo) (recibir|mas|que me (escriban|escribas|manden|contacten))', 'no (mas|quiero mas) (mensajes|spam|publicidad|promociones)', 'ni un mensaje mas',
    '(dar|darme|dame|denme|deme|dadme|me doy|quiero darme) de baja', 'de baja', 'desuscrib[a-z]*', 'desinscrib[a-z]*', 'cancelar (la |mi )?(suscripcion|subscripcion|mensajes)', 'anular (la |mi )?suscripcion',
    '(borra|borren|borrad|elimina|eliminen|saca|saquen|sacadme|quita|quiten|quitadme)(me|nme|dme)? de', '(borrame|borrenme|eliminame|eliminenme|sacame|saquenme|quitame|quitenme)',
    'spam', 'acoso', 'acosando', 'estafa(dores)?', 'fraude', 'denuncia(r|do|re)?', 'te (voy a )?(denunciar|reportar|bloquear)', 'reporta(r|do|re)', 'bloquea(r|do|re)?', 'bloqueo',
    'vete a la mierda', 'vayanse a la mierda', 'que te jodan', 'que os jodan', 'jodete', 'callate', 'largate', 'largo de aqui', 'pesad[oa]s?', 'que pesadez', 'me tienen hart[oa]', 'hart[oa]',
    'idiotas?', 'imbeciles?', 'gilipollas', 'cabron(es)?', 'pendejos?', 'mierda', 'de donde (sacaste|sacaron|tienen) mi', 'quien (te|les|os) (dio|ha dado|paso) mi', 'no me interesa (nada )?y (no|deja)',
  ],
  safe: ['(es|esto es) (esto |una )?estafa [?]', 'no (pares|paren|dejes de|dejen de)(?! de? ?(escribir|mandar|enviar|molestar))', 'sin parar', 'no (puedo|paro de) (parar|dejar) de(?! (escribir|mandar))', 'para (mi|ti|el|ella|nosotros|que|comprar|la|el|los|las)'],
  negatedContact: { negations: ['no', 'nunca', 'ni', 'jamas', 'nadie', 'nn'], contact: ['escrib', 'mand', 'envi', 'contact', 'llam', 'molest', 'insist', 'mensaj', 'msj', 'whats', 'dm', 'spam', 'correo', 'mail'], again: ['xmore', 'sig', 'mas', 'nunca', 'otra', 'nuevo', 'volv', 'vuelv', 'jamas'] },
  publicStop: [
    'como (vuelva|vuelvan|vuelvas|volvais) a (llamar|llamarme|escribir|escribirme|contactar|contactarme|mandar|mandarme)',
    '(quitarnos|quitarme|sacarnos|sacarme|borrarnos|borrarme|eliminarnos|eliminarme) (de|del)',
    '(eliminar|eliminen|eliminaran|borrar|borren|borraran) (mi cuenta|mis datos)',
    'basta (de )?(sms|llamadas|correos|mensajes|emails|notificaciones|publicidad)', 'lista robinson', '(borren|eliminen|quiten) (mi|mis|me)',
    '(dej(en|ad|a|e)|par(en|ad|a|e)) de (llamar|escribir|mandar|enviar|etiquetar|molestar|mencionar)[a-z]*', '(den|dar|darme|denme)( me)? de baja',
    'como (tienen|consiguieron|obtuvieron) mi (correo|numero|email|mail|telefono)',
    'no me (etiqueten|etiquetes|llamen|llames|escriban|manden)( mas)?', '(quit|sac|borr|elimin)(en|ad|a|e)me', 'borren mis datos', 'no deseo recibir',
    '(como|si) me (volvais|vuelvan|vuelvas|vuelven|volveis|vuelves) a (llamar|escribir|mandar|contactar)',
  ],
  stopBare: ['para', 'pare', 'paren', 'parad', 'basta', 'baja', 'alto', 'cancelar', 'cancela', 'salir', 'fin', 'desuscribir', 'adios'],
  decline: [
    '(seguro|claro|obvio|desde luego|por supuesto|vale|si) que no',
    'que va', 'ya tengo (uno|una|eso|todo)', '^ya (tengo|tenemos|uso|compre|contrate|estoy|cuento|trabajo|pague|me (compre|apunte|suscribi))', '(este|esta) (mes|semana|ano|vez) no', 'ya (tengo|tenemos|cuento con|contrate|compre|uso|estoy con|trabajo con) (seguro|contrato|plan|cuenta|tarjeta|otr[oa]|un[oa]?|el|la|mi|los|las|compania|proveedor)',
    'no,? gracias', 'no me interesa', 'no (estoy|estamos) interesad[oa]s?', 'no (tengo|tenemos) interes', 'ahora no', 'hoy no', 'ahorita no', 'de momento no', 'por ahora no', 'no por ahora',
    '(quizas|quiza|tal vez|a lo mejor|igual) (mas tarde|luego|despues|otro dia|en otro momento|otra vez)', 'en otro momento', 'otro dia', 'mas adelante', 'paso', 'yo paso',
    'no (lo )?(necesito|quiero)', 'no me hace falta', 'no hace falta', 'estoy bien( asi)?', 'mejor no', 'claro que no', 'para nada', 'ni hablar', 'de ninguna manera', 'gracias pero no', 'no es para mi',
    'no me (viene|va) bien', 'lo pensare', 'lo voy a pensar', 'nah', 'que asco', 'una porqueria', 'no sirve( para nada)?', 'que aburrido', 'horrible',
  ],
  noWords: ['no', 'nop', 'nel', 'noo'],
  neutral: ['no (se|sabia|pasa nada|hay problema|problema)', 'por que no', 'porque no', 'no esta mal'],
  help: [
    'quienes (son|sois) (ustedes|uds|vosotros)',
    'que es (esto|eso)', 'de que (se trata|va esto|va)', 'quien (eres|es|sois|son|habla)', 'que (quieres|quieren|quereis)', 'como funciona', 'no entiendo', 'no entendi',
    'mas informacion', 'mas info', 'necesito ayuda', 'que significa', 'que empresa', 'es (real|un bot)', 'eres un bot', 'cuentame de que',
  ],
  helpWords: ['ayuda', 'informacion', 'info', 'detalles', 'opciones', 'socorro'],
  human: [
    'hablar con (una persona|un humano|alguien|un agente|un asesor|un operador|un encargado|un responsable|una persona real|un ser humano)',
    '(quiero|necesito) (una persona|un humano|un agente|un asesor|un operador)', 'que me llame (alguien|una persona|un agente)', '(llamame|llamenme|me pueden llamar|me puede llamar)',
  ],
  yes: [
    'cuanto (dura|vale|cuesta)',
    'me interesa', '(estoy|estamos) interesad[oa]s?', 'claro que si', 'por supuesto', 'de acuerdo', 'me encantaria', 'me apunto', 'apuntame', 'cuenta conmigo', 'adelante', 'dale',
    'cuentame (mas)?', 'como (me apunto|me inscribo|participo|lo consigo|lo compro)', 'donde me (apunto|inscribo|registro)', 'cuanto cuesta', 'mandame (el|la|info|mas)',
    'si por favor', 'con gusto', 'encantad[oa]', 'genial', 'vamos', 'me gustaria', 'quiero (participar|saber mas|apuntarme|uno|probar)', 'por que no',
  ],
  yesWords: ['si', 'sip', 'claro', 'vale', 'dale', 'sisi', 'obvio', 'seguro', 'perfecto', 'desde luego', 'venga'],
  weakYesWords: ['ok', 'okey', 'vale', 'bueno', 'bien', 'va'],
  fillers: ['por', 'favor', 'porfa', 'porfavor', 'ya', 'gracias', 'ahora', 'mismo', 'ahorita', 'te', 'lo', 'dije', 'ya', 'oye', 'hola', 'senor', 'señor', 'ok', 'todo', 'me', 'una', 'vez'],
  markers: ['el', 'la', 'los', 'las', 'es', 'que', 'por', 'favor', 'gracias', 'de', 'me', 'mi', 'esto', 'eso', 'ya', 'mas', 'muy', 'y', 'quiero', 'estoy', 'con', 'para', 'pero', 'si', 'no', 'lo', 'se', 'un', 'una', 'mensajes', 'nada', 'ahora', 'dejen', 'tengo', 'te', 'voy', 'usted', 'ustedes'],
};
