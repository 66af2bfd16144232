package dev.rollout.transport.ssh.agent;

import java.io.IOException;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * Public-key authentication with a key the agent holds (RFC 4252 section 7): the key is offered,
 * and when the server accepts it the agent signs the session. An RSA key signs with rsa-sha2-512
 * or rsa-sha2-256, whichever the server takes, never SHA-1.
 */
public final class AgentAuth extends AbstractAuthMethod {

  private final SshAgent agent;
  private final AgentKey key;
  private String algorithm;

  public AgentAuth(SshAgent agent, AgentKey key) {
    super("publickey");
    this.agent = agent;
    this.key = key;
  }

  @Override
  protected SSHPacket buildReq() throws UserAuthException {
    return putPubKey(super.buildReq().putBoolean(false));
  }

  @Override
  public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
    if (cmd == Message.USERAUTH_60) {
      sendSigned();
    } else {
      super.handle(cmd, buf);
    }
  }

  private SSHPacket putPubKey(SSHPacket req) throws UserAuthException {
    return req.putString(algorithm()).putString(key.blob());
  }

  private void sendSigned() throws UserAuthException, TransportException {
    SSHPacket req = putPubKey(super.buildReq().putBoolean(true));
    byte[] data = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID())
        .putBuffer(req).getCompactData();
    int flags = switch (algorithm()) {
      case "rsa-sha2-512" -> SshAgent.RSA_SHA2_512;
      case "rsa-sha2-256" -> SshAgent.RSA_SHA2_256;
      default -> 0;
    };
    try {
      req.putString(agent.sign(key, data, flags));
    } catch (IOException e) {
      throw new UserAuthException("ssh-agent could not sign with " + key + ": "
          + e.getMessage(), e);
    }
    params.getTransport().write(req);
  }

  private String algorithm() throws UserAuthException {
    if (algorithm != null) {
      return algorithm;
    }
    String type = key.type();
    if (!type.equals("ssh-rsa")) {
      algorithm = type;
      return algorithm;
    }
    try {
      List<String> offered = params.getTransport().getClientKeyAlgorithms(KeyType.RSA).stream()
          .map(a -> a.getKeyAlgorithm()).toList();
      algorithm = offered.contains("rsa-sha2-512") ? "rsa-sha2-512"
          : offered.contains("rsa-sha2-256") ? "rsa-sha2-256" : null;
    } catch (TransportException e) {
      throw new UserAuthException(e);
    }
    if (algorithm == null) {
      throw new UserAuthException("the server takes no SHA-2 RSA signature for " + key
          + " (SHA-1 ssh-rsa is refused)");
    }
    return algorithm;
  }

  /** The key this method offers. */
  public AgentKey key() {
    return key;
  }
}
