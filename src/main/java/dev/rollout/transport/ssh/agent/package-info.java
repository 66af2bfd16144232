/**
 * An ssh-agent client over the JDK's Unix-domain sockets (the few messages public-key
 * authentication needs: REQUEST_IDENTITIES and SIGN_REQUEST with the rsa-sha2 flags), and the
 * sshj authentication method that signs with it. Agent forwarding is never requested.
 */
package dev.rollout.transport.ssh.agent;
