/**
 * French, the reference language: every key of the interface is defined here first (the
 * staff pages' own texts are in `fr-staff.ts`). `{name}` placeholders are filled by `t(key, { name })`.
 */
export const fr = {
  'app.name': 'Sonde',
  'app.tagline': 'Enquête d’impact du réseau ESS numérique',
  'common.loading': 'Chargement…',
  'common.retry': 'Réessayer',
  'common.error.network': 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.',
  'common.error.unexpected': 'Une erreur inattendue est survenue ({code}).',
  'common.language.switch': 'English',
  'common.language.switchLabel': 'Read this page in English',
  'common.skipToContent': 'Aller au contenu',

  'respondent.title': 'Questionnaire',
  'respondent.notFound.title': 'Lien introuvable',
  'respondent.notFound.body':
    'Ce lien d’invitation n’existe pas ou n’est plus valable. Vérifiez qu’il est complet (il est parfois coupé en deux dans les e-mails) ou demandez un nouveau lien à l’équipe du réseau.',
  'respondent.loadError.title': 'Le questionnaire n’a pas pu être chargé',
  'respondent.organisation': 'Pour {organisation}',
  'respondent.autosaveHint':
    'Vos réponses sont enregistrées automatiquement : vous pouvez revenir plus tard avec le même lien, et vos collègues aussi.',
  'respondent.status.idle': 'Vos réponses sont enregistrées automatiquement.',
  'respondent.status.saving': 'Enregistrement…',
  'respondent.status.saved': 'Enregistré à {time}',
  'respondent.presence.one': 'Une autre personne a ce questionnaire ouvert en ce moment{where}.',
  'respondent.presence.other': '{count} autres personnes ont ce questionnaire ouvert en ce moment{where}.',
  'respondent.presence.pages': ' ({pages})',
  'respondent.presence.page': 'page « {title} »',
  'respondent.status.offline': 'Hors ligne — vos réponses sont gardées dans ce navigateur',
  'respondent.status.retrying':
    'Enregistrement impossible pour l’instant — nouvel essai automatique ; vos réponses sont gardées dans ce navigateur',
  'respondent.status.rejected': 'Enregistrement refusé par le serveur ({code}) — vos réponses sont gardées dans ce navigateur',
  'respondent.status.conflict': 'Une réponse modifiée par un·e collègue attend votre choix, sur la question concernée',
  'respondent.status.readonly': 'Lecture seule — les réponses ne sont plus enregistrées',
  'respondent.status.submitting': 'Envoi du questionnaire…',
  'respondent.conflict.title': 'Un·e collègue a modifié cette réponse',
  'respondent.conflict.question': 'Question « {question} »',
  'respondent.conflict.yours': 'Votre réponse',
  'respondent.conflict.theirs': 'Réponse de votre collègue',
  'respondent.conflict.keepMine': 'Garder la mienne',
  'respondent.conflict.takeTheirs': 'Prendre la sienne',
  'respondent.conflict.empty': '(vide)',
  'respondent.conflict.yes': 'Oui',
  'respondent.conflict.no': 'Non',
  'respondent.readonly.title': 'Le questionnaire n’est plus ouvert',
  'respondent.readonly.body':
    'Cette vague d’enquête est fermée : vous pouvez relire vos réponses mais plus les modifier ni les envoyer.',
  'respondent.submit.flushFailed':
    'Certaines réponses ne sont pas encore enregistrées : le questionnaire n’a pas été envoyé. Vérifiez votre connexion puis cliquez de nouveau sur « Terminer ».',
  'respondent.submit.conflicts':
    'Choisissez d’abord quelle réponse garder pour les questions modifiées par un·e collègue, puis cliquez de nouveau sur « Terminer ».',
  'respondent.submit.networkError':
    'Le questionnaire n’a pas pu être envoyé (connexion ou serveur indisponible). Vos réponses sont enregistrées ; réessayez dans un instant.',
  'respondent.submit.validation':
    'Le questionnaire n’a pas été envoyé : certaines réponses doivent être complétées ou corrigées.',
  'respondent.submit.validationOther': '{question} : {message}',
  'respondent.submit.rejected': 'Le questionnaire n’a pas pu être envoyé ({code}).',
  'respondent.submitted.title': 'Merci, vos réponses ont été envoyées',
  'respondent.submitted.when': 'Questionnaire envoyé le {date}.',
  'respondent.submitted.body':
    'L’équipe du réseau vous recontactera pour partager les résultats de l’enquête. Vous pouvez fermer cette page.',
  'respondent.submitted.showAnswers': 'Relire mes réponses',
  'respondent.submitted.hideAnswers': 'Masquer mes réponses',
  'respondent.conflict.summary.one':
    'Un·e collègue a modifié une de vos réponses pendant que vous répondiez : choisissez laquelle garder, sur la question.',
  'respondent.conflict.summary.other':
    'Un·e collègue a modifié {count} de vos réponses pendant que vous répondiez : choisissez lesquelles garder, sur chaque question.',
  'respondent.unsent.title.one': '{count} réponse n’est pas encore envoyée au serveur.',
  'respondent.unsent.title.other': '{count} réponses ne sont pas encore envoyées au serveur.',
  'respondent.unsent.body':
    'Ce qui n’est pas envoyé reste gardé dans ce navigateur, même si vous fermez la page ou redémarrez l’appareil, et partira tout seul dès que la connexion reviendra. D’ici là, continuez sur cet appareil et n’effacez pas les données de navigation.',
  'respondent.unsent.restoredSending.one':
    'Une réponse saisie lors de votre dernière visite n’avait pas été envoyée : elle a été reprise et part maintenant.',
  'respondent.unsent.restoredSending.other':
    '{count} réponses saisies lors de votre dernière visite n’avaient pas été envoyées : elles ont été reprises et partent maintenant.',
  'respondent.unsent.restoredSent.one':
    'Une réponse saisie lors de votre dernière visite n’avait pas été envoyée : elle a été reprise et enregistrée.',
  'respondent.unsent.restoredSent.other':
    '{count} réponses saisies lors de votre dernière visite n’avaient pas été envoyées : elles ont été reprises et enregistrées.',
  'respondent.toc.label': 'Sommaire du questionnaire',
  'respondent.toc.progress': 'Questions obligatoires répondues : {answered} sur {total}',
  'respondent.toc.pages': 'Sommaire — pages complètes : {complete} sur {total}',
  'respondent.toc.state.notStarted': 'pas commencée',
  'respondent.toc.state.inProgress': 'en cours',
  'respondent.toc.state.complete': 'complète',
  'respondent.toc.state.errors': 'à corriger',
  'respondent.problem.required': 'réponse obligatoire',
  'respondent.problem.invalid': 'réponse à corriger',
  'respondent.check.button': 'Vérifier cette page',
  'respondent.check.ok': 'La page « {page} » est complète.',
  'respondent.check.problemsHere.one': 'Sur cette page, une réponse est à compléter ou à corriger :',
  'respondent.check.problemsHere.other': 'Sur cette page, {count} réponses sont à compléter ou à corriger :',
  'respondent.check.problemsLeft.one':
    'Sur la page « {page} » que vous venez de quitter, une réponse reste à compléter ou à corriger (vous pourrez y revenir) :',
  'respondent.check.problemsLeft.other':
    'Sur la page « {page} » que vous venez de quitter, {count} réponses restent à compléter ou à corriger (vous pourrez y revenir) :',
  'respondent.missing.none': 'Toutes les réponses obligatoires sont remplies : vous pouvez envoyer le questionnaire avec « Terminer ».',
  'respondent.missing.title.one': 'Avant d’envoyer : une réponse à compléter',
  'respondent.missing.title.other': 'Avant d’envoyer : {count} réponses à compléter',
  'respondent.missing.intro':
    'Le questionnaire n’a pas encore été envoyé ; vos réponses sont enregistrées. Complétez ou corrigez les questions suivantes (chaque lien ouvre la question), puis cliquez de nouveau sur « Terminer ».',
  'respondent.missing.hint.one': 'Il reste une réponse à compléter ou à corriger avant d’envoyer le questionnaire.',
  'respondent.missing.hint.other': 'Il reste {count} réponses à compléter ou à corriger avant d’envoyer le questionnaire.',
  'respondent.missing.show': 'Voir ce qui manque',
  'respondent.reopened.body':
    'Vous avez rouvert vos réponses, envoyées le {date}. Vos modifications ne comptent qu’une fois le questionnaire envoyé de nouveau avec « Terminer ».',
  'respondent.onlyInFrench': 'Ce questionnaire n’existe qu’en français.',
  'respondent.submitted.closed': 'L’enquête est maintenant fermée : vos réponses ne peuvent plus être modifiées.',
  'respondent.ownAnswers.title': 'Vos réponses',
  'respondent.ownAnswers.intro': 'Gardez une copie de vos réponses : téléchargez-les ou imprimez-en un récapitulatif.',
  'respondent.ownAnswers.csv': 'Télécharger mes réponses (CSV)',
  'respondent.ownAnswers.json': 'Télécharger mes réponses (JSON)',
  'respondent.ownAnswers.print': 'Imprimer un récapitulatif',
  'respondent.reopen.title': 'Modifier vos réponses',
  'respondent.reopen.intro':
    'Vous pouvez modifier vos réponses jusqu’à la fermeture de l’enquête. Il faudra ensuite envoyer de nouveau le questionnaire ; l’envoi précédent reste conservé.',
  'respondent.reopen.button': 'Modifier mes réponses',
  'respondent.reopen.closed': 'L’enquête est fermée : vos réponses ne peuvent plus être modifiées.',
  'respondent.reopen.failed': 'Vos réponses n’ont pas pu être rouvertes ({code}).',
  'respondent.summary.unanswered': '(sans réponse)',
  'respondent.number.unparseable':
    '« {text} » n’est pas un nombre : écrivez des chiffres, une virgule avant les décimales et, si vous le souhaitez, des espaces entre les milliers (par exemple 21,5 ou 1 607).',
  'respondent.number.ambiguous':
    '« {text} » se lit de deux façons : écrivez {thousands} s’il s’agit de milliers, ou {decimal} s’il s’agit d’un nombre à virgule.',
  'respondent.number.tooPrecise': '« {text} » a trop de chiffres pour être enregistré exactement ({digits} chiffres significatifs au plus) : arrondissez-le.',
  'respondent.number.notStored': 'Rien n’est enregistré pour cette question tant que la valeur n’est pas corrigée.',
  'respondent.warning.confirm': 'Je confirme cette valeur',
  'respondent.warning.confirmed': 'Valeur inhabituelle confirmée.',
  'respondent.warning.title.one': 'Une valeur inhabituelle à vérifier',
  'respondent.warning.title.other': '{count} valeurs inhabituelles à vérifier',
  'respondent.warning.intro':
    'Elles n’empêchent pas l’envoi. Vérifiez chacune (chaque lien ouvre la question) : corrigez-la, ou confirmez-la avec « Je confirme cette valeur ».',
  'respondent.warning.hint.one': 'Une valeur inhabituelle n’est pas confirmée : vérifiez-la avant d’envoyer (elle n’empêche pas l’envoi).',
  'respondent.warning.hint.other':
    '{count} valeurs inhabituelles ne sont pas confirmées : vérifiez-les avant d’envoyer (elles n’empêchent pas l’envoi).',
  'respondent.report.release': 'Résultats publiés le {date} (publication n° {number}).',

  'openLink.title': 'Inscription',
  'openLink.intro':
    'Votre organisation n’est pas sur la liste des membres invités ? Déclarez-la ici pour recevoir son lien personnel vers le questionnaire. Le même lien sert à toutes les personnes de l’organisation qui répondent.',
  'openLink.notFound.title': 'Inscription introuvable',
  'openLink.notFound.body':
    'Ce lien d’inscription n’existe pas ou l’enquête n’accepte pas d’inscription en ce moment. Vérifiez l’adresse ou écrivez à l’équipe du réseau.',
  'openLink.loadError.title': 'La page d’inscription n’a pas pu être chargée',
  'openLink.closed': 'Cette enquête n’est pas ouverte : les inscriptions ne sont pas possibles en ce moment.',
  'openLink.field.name': 'Nom de l’organisation',
  'openLink.field.email': 'Adresse e-mail de contact',
  'openLink.field.emailHint': 'Le lien personnel vers le questionnaire y sera envoyé.',
  'openLink.field.families': 'À quelles familles du réseau votre organisation appartient-elle ?',
  'openLink.field.familiesHint': 'Facultatif ; plusieurs réponses possibles.',
  'openLink.field.siren': 'Numéro SIREN (facultatif)',
  'openLink.field.sirenHint': '9 chiffres. Il évite d’inscrire deux fois la même organisation.',
  'openLink.field.consent': 'J’ai lu la notice ci-dessus et j’accepte que ces informations soient traitées pour cette enquête.',
  'openLink.field.consentShort': 'Notice d’information',
  'openLink.notice.title': 'Notice d’information',
  'openLink.notice.controller': 'Responsable du traitement : le réseau ESS numérique, qui mène cette enquête.',
  'openLink.notice.purpose':
    'Finalité : vous envoyer le lien personnel de votre organisation vers le questionnaire « {wave} » et y rattacher ses réponses.',
  'openLink.notice.basis': 'Base légale : votre consentement (article 6.1.a du RGPD), que vous pouvez retirer à tout moment.',
  'openLink.notice.recipients': 'Destinataires : l’équipe du réseau. Ces informations ne sont ni publiées, ni vendues, ni cédées.',
  'openLink.notice.retention':
    'Durée de conservation : jusqu’à la date fixée par le réseau pour cette vague d’enquête. Dans l’heure qui suit la fin de ce jour, le nom, l’adresse e-mail et le SIREN de l’organisation (sauf si elle participe à une autre vague encore conservée), les réponses en texte libre, les e-mails envoyés et le lien personnel sont supprimés, et le journal ne la désigne plus que par un pseudonyme. Restent les réponses chiffrées et à choix, sans rien qui identifie l’organisation, et les résultats agrégés déjà publiés.',
  'openLink.notice.rights':
    'Vos droits : accès, rectification, effacement, limitation, opposition et portabilité (articles 15 à 21 du RGPD), auprès de l’équipe du réseau ; réclamation possible auprès de la CNIL (cnil.fr).',
  'openLink.submit': 'Recevoir le lien du questionnaire',
  'openLink.submitting': 'Envoi…',
  'openLink.error.summary': 'Vérifiez les informations suivantes',
  'openLink.error.name': 'indiquez le nom de l’organisation.',
  'openLink.error.emailMissing': 'indiquez une adresse e-mail.',
  'openLink.error.emailInvalid': 'indiquez une adresse e-mail complète, par exemple contact@association.fr.',
  'openLink.error.siren': 'un numéro SIREN compte 9 chiffres.',
  'openLink.error.consent': 'cochez la case pour accepter la notice d’information.',
  'openLink.failed.title': 'L’inscription n’a pas abouti',
  'openLink.failed.rateLimited': 'Trop de demandes depuis cette connexion. Patientez quelques minutes avant de réessayer.',
  'openLink.failed.invalid': 'Certaines informations ont été refusées. Vérifiez le nom, l’adresse e-mail et le numéro SIREN.',
  'openLink.sent.title': 'Demande bien reçue',
  'openLink.sent.body':
    'Si l’adresse {email} est la bonne, le lien personnel de votre organisation vers le questionnaire est en route. Il n’est jamais affiché ici : il n’arrive que par e-mail. Pensez à regarder dans les courriers indésirables.',
  'openLink.sent.help':
    'Rien reçu d’ici une heure ? Vérifiez l’adresse et recommencez, ou écrivez à l’équipe du réseau : si votre organisation est déjà inscrite sous une autre adresse, c’est elle qui vous enverra le lien.',

  'wave.status.draft': 'brouillon',
  'wave.status.open': 'ouverte',
  'wave.status.closed': 'fermée',
  'wave.status.archived': 'archivée',

  'research.unit.proportion': 'part des organisations, en %',
  'research.unit.EUR': 'euros',
  'research.secret.mark': 'masqué — secret statistique',
  'research.secret.note':
    'ce chiffre n’est pas publié parce que trop peu d’organisations sont derrière lui, parce qu’une seule en représente l’essentiel, ou pour qu’on ne puisse pas recalculer un autre chiffre masqué. Ce n’est jamais un zéro.',
  'research.reason.min_count': 'moins de {minCellSize} organisations',
  'research.reason.median_min_count': 'trop peu de réponses pour publier une médiane',
  'research.reason.complement':
    'moins de {minCellSize} organisations dans cette catégorie ou dans son complément : on saurait ce qu’elles ont répondu',
  'research.reason.filter_count':
    'question posée seulement après un filtre : son nombre de réponses, sous le minimum de {minCellSize} (ou à moins de {minCellSize} du total), dirait ce que des organisations ont répondu au filtre',
  'research.reason.dominance': 'une organisation représente l’essentiel du total',
  'research.reason.p_percent':
    'ce qui serait publié permettrait d’estimer la plus grande contribution à moins de {pPercent} % près (règle des p %)',
  'research.reason.secondary': 'masqué pour protéger une autre case',
  'research.reason.release_difference':
    'moins de {minCellSize} organisations de différence avec une publication précédente : la comparaison isolerait leurs réponses',
  'research.family.all': 'Ensemble (chaque organisation une fois)',
  'research.report.title': 'Votre rapport',
  'research.report.intro': 'Les valeurs de votre organisation, à côté de la médiane et des quartiles de votre famille et de l’ensemble du réseau, parmi les organisations répondantes.',
  'research.report.notSubmitted': 'Vos réponses n’ont pas été envoyées : vos valeurs sont celles enregistrées à ce jour.',
  'research.report.empty': 'Aucun indicateur à comparer pour votre organisation.',
  'research.report.print': 'Imprimer le rapport',
  'research.report.indicator': 'Indicateur',
  'research.report.group': 'Comparé à',
  'research.report.own': 'Votre organisation',
  'research.report.median': 'Médiane',
  'research.report.quartiles': 'Quartiles (la moitié des organisations entre)',
  'research.report.share': 'Part des organisations',
  'research.report.yes': 'oui',
  'research.report.no': 'non',
  'research.report.noAnswer': 'non renseigné',
  'research.report.chartLabel': '{indicator} : votre valeur {own}, médiane {median}, quartiles {q1} à {q3}',
  'research.report.hidden': 'secret statistique — {reason}',
} as const

/** The keys every page has: the respondent's and the open link's texts, and what all pages share. */
export type PublicMessageKey = keyof typeof fr
