// Portuguese replies (Brazil and Portugal).
import type { Lexicon } from './types';

const SEND = '(me )?(mandar|enviar|escrever|contactar|contatar|incomodar|perturbar|encher o saco|chamar|ligar|importunar|spammar|mandar mensage[mn]s?)';

export const pt: Lexicon = {
  lang: 'pt',
  stopAlways: [
    `(pare|para|parem|parar|parai|deixa|deixe|deixem) de ${SEND}`, `(nao|nunca) (me )?(mande|mandem|manda|envie|enviem|envia|escreva|escrevam|escreve|contate|contatem|contacte|procure|procurem|chame|chamem|ligue|incomode|incomodem|perturbe|perturbem)( mais| nada)?`,
    'ja (disse|falei|avisei) (que |q )?(nao|pra parar|para parar|chega)', 'quantas vezes',
  ],
  stop: [
    'nao (repitam|repita|repete|facam isso de novo)',
    'me esquece(m)?', 'esquece(m)? (de )?mim', '(me )?(tira|tirar|tire|tirem|remove|remover|remova|removam) (do|da|desse|dessa|deste|desta) (cadastro|lista|base)',
    'bloque[a-z]*', 'nao quero mais (isso|isto|nada|receber)', '(ultima|ultimo) (mensagem|msg|email|sms) que', 'retiro (o |meu |o meu )?consentimento', 'se (mandarem|enviarem|escreverem|ligarem|mandar|enviar) (mais|de novo|outra)', '(processo|processar|denuncio) (voces|vcs|vc|a empresa)', '(para|pare|parem) com (isso|isto)', 'cess[a-z]* (toda|todas|qualquer|a|as)( e qualquer)? comunicac[a-z]*',
    '(sai|saia|saiam|some|suma|sumam) d(o|a) (meu|minha) (privado|pv|dm|dms|inbox|caixa)', 'cancel[a-z]* (o |a )?(envio|recebimento|assinatura|inscricao)', 'nao (me )?recontact[a-z]*',
    '(deix|par)[a-z]* de (me )?(enviar|mandar|escrever|contactar|contatar|ligar|incomodar|chatear)', '(some|sai|saia|sumam) da minha (dm|dms|caixa|inbox|timeline)',
    '(nao|nunca) (autorizei|autorizo|consenti|aceitei|dei (consentimento|permissao|autorizacao))', 'sem (meu |minha )?(consentimento|permissao|autorizacao)',
    '(nao|nunca) (me )?(voltem|volte|voltes|volta|voltar) a (me )?(escrever|mandar|enviar|contactar|contatar|incomodar|ligar|chatear)', '(vai|va|vao) tomar no (cu|c)', '(vtnc|vsf|fdp|tnc)', '(esquecam|esqueca|esquece) (me|de mim)',
    'nao (quero|desejo) (mais )?(ser )?(mais )?(contatad[oa]|contactad[oa]|incomodad[oa]|procurad[oa])', 'nao quero saber (mais )?de (voces|vcs|vc|voce|sua empresa)',
    '(parar|pare|deixar|deixe|deixo) de receber', '(nao|nunca mais) receber (mais|isso|essas|esses|nada|mensage[mn]s?)', 'lgpd',
    // Frames rather than phrases: not wanting messages, removal from a list, deleting one's data.
    '(apaga|apague|apaguem|apagar|exclua|excluam|excluir|remova|removam|remover|delete|deletem|deletar) (todos )?(os |as )?(meus|minhas|meu|minha) (dados|numero|contato|conta|informacao|informacoes|cadastro|perfil)', '(da|dessa|desta|de sua|da sua|de vossa|de qualquer) (lista|listas|base de dados|mailing)',
    '^chega', 'chega$', 'chega de', 'ja chega', '(pode|podem|da pra|da para) parar', 'basta', 'para com isso', 'pare com isso', 'parem com isso',
    '(me )?(deixa|deixe|deixem) (me )?em paz', 'deixa me em paz', 'me deixa em paz', 'me deixe em paz',
    'nao quero (mais )?(receber|mensage[mn]s?|nada)', 'nao (quero|desejo) receber', 'chega de (mensage[mn]s?|spam|propaganda)', '(sem|nada de) mais mensage[mn]s?',
    'descadastr[a-z]*', 'desinscrev[a-z]*', 'cancelar (a |minha )?(inscricao|assinatura|mensagens)', 'sair da lista', 'quero sair', 'me (tire|tira|tirem|remova|remove|removam|exclua|excluam|apague|apaguem) (da|dessa|desta|do|deste|desse)',
    '(tire|tira|tirem|remova|removam|exclua|excluam) (me|meu (nome|numero|contato))', 'remover( meu)?', 'remova me',
    'spam', 'assedio', 'golpe', 'golpista(s)?', 'fraude', 'denunci[a-z]*', 'vou (te )?(denunciar|bloquear|reportar)', 'report(ar|ado|ei)',
    'vai (se|te) (foder|ferrar|catar)', 'vai (a|pra|para a) merda', 'vao (se|a) (foder|merda)', 'cala (a )?boca', 'some daqui', 'sai fora', 'vaza', 'enche(ndo)? o saco', 'que saco', 'saco cheio',
    'idiotas?', 'imbecis', 'imbecil', 'babacas?', 'merda', 'porra', 'chatos?', 'chatice', 'inconveniente', 'onde (conseguiu|conseguiram|pegaram|pegou) meu', 'quem (te|lhe|lhes) (deu|passou) (o )?meu',
  ],
  safe: ['(isso|isto|e) (e|eh) (um )?golpe [?]', 'nao (pare|para|parem)(?! de)', 'sem parar', 'nao consigo parar de(?! (me )?(mandar|enviar|escrever))', 'para (mim|voce|vc|o|a|os|as|que|comprar|ele|ela|nos)'],
  negatedContact: { negations: ['nao', 'nunca', 'nem', 'ninguem'], contact: ['cham', 'escrev', 'mand', 'envi', 'contact', 'contat', 'lig', 'incomod', 'perturb', 'procur', 'mensag', 'msg', 'chat', 'spam', 'email', 'mail', 'dm'], again: ['xmore', 'mais', 'novo', 'novamente', 'nunca', 'volt'] },
  publicStop: [
    '(para )?nao me (telefonarem|telefonar|ligarem|ligar|contactarem|contatarem|contactar|contatar|mandarem|enviarem)', 'chega de (sms|mensagens|ligacoes|chamadas|emails|notificacoes|publicidade)', '(apaguem|removam|tirem|eliminem) (o meu|a minha|os meus|as minhas|me)',
    '(deixem|parem|para|pare) de (me )?(ligar|telefonar|mandar|enviar|marcar|escrever)', 'nao me (marquem|liguem|mandem|escrevam)( mais)?',
    '(retirem|tirem|removam|apaguem) (o meu|meu|o|os meus|meus|minha|a minha) (numero|contato|contacto|email|dados)',
    'se me (ligarem|mandarem|escreverem|contatarem|contactarem) ([a-z]+ ){0,2}(vez|novo|novamente)', 'me descadastr[a-z]*',
    '(tira|tirem|retire|retirem|remova|removam|apague|apaguem) (o )?(meu nome|meus dados|meu numero|meu contato)', 'descadastrem me',
    'como (voces|vcs|vc|voce) (tem|tem|conseguiram|arrumaram) (o )?meu (email|e mail|numero|contato|telefone)',
  ],
  stopBare: ['pare', 'para', 'parem', 'chega', 'basta', 'sair', 'cancelar', 'cancela', 'descadastrar', 'fim', 'remover', 'tchau'],
  decline: [
    'talvez (no|na) (mes|semana|ano|proxima|proximo)', '(ja )?tenho (um|uma) ([a-z]+ )?(plano|contrato|seguro|conta|cartao) (com|em|na|no)',
    '^ja (tenho|comprei|uso|possuo|temos|assinei)',
    '(certo|claro|obvio|com certeza|sim) que nao',
    'deixar passar', '(vou|vamos) passar (essa|esta|dessa|desta)',
    'talvez (mais )?(pra|para) (frente|depois)', 'mais (pra|para) frente',
    'nao,? obrigad[oa]', 'nao,? valeu', 'valeu,? mas nao', 'obrigad[oa],? mas nao', 'nao tenho interesse', 'sem interesse', 'nao (estou|to|tou) interessad[oa]', 'nao me interessa',
    'agora nao', 'hoje nao', 'por enquanto nao', 'no momento nao', 'nao agora', 'talvez (mais tarde|depois|outro dia|outra hora|outra vez)', '(fica|deixa) (pra|para) (proxima|depois|outra)', 'outra hora', 'outro dia',
    'dispenso', 'passo', 'nao preciso', 'nao quero', 'nao e pra mim', 'nao e para mim', 'claro que nao', 'de jeito nenhum', 'nem pensar', 'de forma alguma', 'to de boa', 'estou de boa', 'tou bem',
    'vou pensar', 'deixa pra la', 'nao da', 'porcaria', 'que lixo', 'horrivel', 'pessimo', 'que chatice',
  ],
  noWords: ['nao', 'nope', 'nah', 'naum', 'nops'],
  neutral: ['por ?que nao', 'nao sei', 'nao tem problema', 'sem problema', 'nao so'],
  help: [
    'por ?que (recebi|estou recebendo|recebo)',
    'o que (e|eh) (isso|isto|essa)', 'que (e|eh) isso', 'do que se trata', 'quem (e|eh|fala|sao)( (voce|vc|voces|vcs|isso))?', 'quem e', 'como funciona', 'nao (entendi|entendo)',
    'mais informac(ao|oes)', 'mais info', 'preciso de ajuda', 'qual empresa', 'e (real|um bot|robo)', 'o que (voce|vc|voces) (quer|querem)', 'o que significa',
  ],
  helpWords: ['ajuda', 'socorro', 'informacao', 'informacoes', 'info', 'detalhes', 'opcoes'],
  human: [
    'falar com (um humano|uma pessoa|alguem|um atendente|uma atendente|um agente|um operador|um responsavel|uma pessoa real|um ser humano)',
    '(quero|preciso de) (um humano|uma pessoa|um atendente|um agente)', '(me liga|me liguem|me ligue|liga pra mim|liguem pra mim)',
  ],
  yes: [
    '^quero( sim| muito| saber| mais| participar| conhecer| receber| ver| isso| essa| esse| a oferta| o desconto)', '^pode (mandar|enviar|sim|ser|falar|me mandar|me enviar|me contar|contar)', '^isso( mesmo| ai)',
    'tenho interesse', 'me interessa', '(estou|to|tou) interessad[oa]', 'com certeza', 'claro que sim', 'pode (ser|mandar|enviar)', 'quero( sim| saber mais| participar| sim)?$', 'quero (saber mais|participar|um|uma)',
    'bora', 'vamos (la|nessa)', 'manda (ai|o link|mais)', 'me (conta|fala) mais', 'como (faco|participo|me inscrevo|funciona a inscricao)', 'quanto custa', 'onde (me inscrevo|assino)',
    'sim,? por favor', 'por favor sim', 'adoraria', 'gostaria', 'com prazer', 'beleza', 'fechado', 'demais', 'otimo', 'perfeito', 'massa', 'por que nao',
  ],
  yesWords: ['sim', 'claro', 'certo', 'beleza', 'blz', 'bora', 'positivo', 'ss', 'simm', 'certeza'],
  weakYesWords: ['ok', 'ta', 'ta bom', 'tudo bem', 'certo'],
  fillers: ['por', 'favor', 'pf', 'pfv', 'pfvr', 'obrigado', 'obrigada', 'valeu', 'agora', 'ja', 'logo', 'mesmo', 'ai', 'oi', 'ola', 'ok', 'gente', 'moco', 'cara', 'eu', 'disse', 'falei', 'isso', 'vez'],
  markers: ['o', 'a', 'os', 'as', 'e', 'que', 'nao', 'voce', 'vc', 'eu', 'me', 'meu', 'minha', 'isso', 'obrigado', 'obrigada', 'mais', 'com', 'para', 'pra', 'por', 'favor', 'sim', 'ja', 'um', 'uma', 'do', 'da', 'de', 'em', 'mensagem', 'mensagens', 'quero', 'agora', 'tenho', 'esta', 'estou', 'to', 'mas', 'valeu', 'voces', 'ontem', 'muito', 'tambem', 'vou'],
};
