package dev.rollout.transport.ssh.config;

import java.util.Set;

/**
 * Every keyword OpenSSH 9.2's ssh_config knows (readconf.c's table). Rollout acts on a few and
 * ignores the others, as OpenSSH ignores what does not concern a connection; a word not in this
 * table is an error, as it is for OpenSSH, unless {@code IgnoreUnknown} names it.
 */
final class Keywords {

  private Keywords() {}

  static final Set<String> KNOWN = Set.of(("protocol cipher fallbacktorsh globalknownhostsfile2"
      + " rhostsauthentication userknownhostsfile2 useroaming usersh useprivilegedport"
      + " afstokenpassing kerberosauthentication kerberostgtpassing rsaauthentication"
      + " rhostsrsaauthentication compressionlevel gssapiauthentication gssapidelegatecredentials"
      + " pkcs11provider smartcarddevice forwardagent forwardx11 forwardx11trusted"
      + " forwardx11timeout exitonforwardfailure xauthlocation gatewayports"
      + " passwordauthentication kbdinteractiveauthentication kbdinteractivedevices"
      + " challengeresponseauthentication skeyauthentication tisauthentication"
      + " pubkeyauthentication dsaauthentication hostbasedauthentication identityfile"
      + " identityfile2 identitiesonly certificatefile addkeystoagent identityagent hostname"
      + " hostkeyalias proxycommand port ciphers macs remoteforward localforward permitremoteopen"
      + " user host match escapechar globalknownhostsfile userknownhostsfile connectionattempts"
      + " batchmode checkhostip stricthostkeychecking compression tcpkeepalive keepalive"
      + " numberofpasswordprompts syslogfacility loglevel logverbose dynamicforward"
      + " preferredauthentications hostkeyalgorithms casignaturealgorithms bindaddress"
      + " bindinterface clearallforwardings enablesshkeysign verifyhostkeydns"
      + " nohostauthenticationforlocalhost rekeylimit connecttimeout addressfamily"
      + " serveraliveinterval serveralivecountmax sendenv setenv controlpath controlmaster"
      + " controlpersist hashknownhosts include tunnel tunneldevice localcommand"
      + " permitlocalcommand remotecommand visualhostkey kexalgorithms ipqos requesttty"
      + " sessiontype stdinnull forkafterauthentication proxyusefdpass canonicaldomains"
      + " canonicalizefallbacklocal canonicalizehostname canonicalizemaxdots"
      + " canonicalizepermittedcnames streamlocalbindmask streamlocalbindunlink"
      + " revokedhostkeys fingerprinthash updatehostkeys hostbasedacceptedalgorithms"
      + " hostbasedkeytypes pubkeyacceptedalgorithms pubkeyacceptedkeytypes ignoreunknown"
      + " proxyjump securitykeyprovider knownhostscommand requiredrsasize"
      + " enableescapecommandline").split(" "));
}
