"""A real IMAP server for the bounce tests: dovecot on 127.0.0.1, started by the test itself.

``running_dovecot(cert, key)`` writes a throw-away configuration (base and state folders, one
``passwd-file`` per user for the password and user databases, Maildir mail in temporary homes),
starts ``/usr/sbin/dovecot -F -c <config>`` in the foreground on free loopback ports and stops it
at the end. Nothing of the system's dovecot (``/etc/dovecot``, its service) is used or started.

Two listeners: ``plain_port`` (clear text, STARTTLS offered), ``tls_port`` (TLS from the first
byte, the 993 style). The certificate is the mail tests' self-signed one (``conftest.py``).

As root, dovecot refuses mail for UID 0, so the mailboxes belong to ``nobody`` and the temporary
folder is made traversable for it; otherwise everything runs as the current user.

The Debian package is ``dovecot-imapd``; the binary is looked for at ``/usr/sbin/dovecot``
(``RECOUVRE_TEST_DOVECOT`` overrides). When it is missing the fixture ERRORS with what to
install: these tests never skip.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DOVECOT = Path(os.environ.get("RECOUVRE_TEST_DOVECOT", "/usr/sbin/dovecot"))


class DovecotUnavailable(RuntimeError):
    """The IMAP tests need dovecot and it is not installed."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Dovecot:
    root: Path
    plain_port: int
    tls_port: int
    ca_file: Path
    mail_uid: int
    mail_gid: int
    users: dict[str, str] = field(default_factory=dict)

    @property
    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def add_user(self, name: str, password: str) -> None:
        """A new mail account, usable at once."""
        self.users[name] = password
        home = self.root / "home" / name
        home.mkdir(parents=True)
        os.chown(home, self.mail_uid, self.mail_gid)
        # One passwd-file per user (the path holds %u): dovecot opens it at the first lookup,
        # so accounts added while the server runs need no reload.
        line = f"{name}:{{PLAIN}}{password}:{self.mail_uid}:{self.mail_gid}::{home}::\n"
        (self.root / "passwd.d" / name).write_text(line)

    @contextlib.contextmanager
    def client(self, user: str) -> Iterator[imaplib.IMAP4]:
        """A test's own IMAP session (delivering with APPEND, reading flags back)."""
        client = imaplib.IMAP4("127.0.0.1", self.plain_port, timeout=10)
        try:
            client.starttls(ssl_context=ssl.create_default_context(cafile=str(self.ca_file)))
            client.login(user, self.users[user])
            yield client
        finally:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                client.logout()

    def deliver(self, user: str, raw: str | bytes, mailbox: str = "INBOX") -> None:
        data = raw.encode() if isinstance(raw, str) else raw
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        with self.client(user) as client:
            typ, answer = client.append(mailbox, "", None, data)
            assert typ == "OK", answer

    def flags(self, user: str, mailbox: str = "INBOX") -> list[set[str]]:
        """The flags of every message of ``mailbox``, in order (read-only, changes nothing)."""
        with self.client(user) as client:
            typ, _ = client.select(mailbox, readonly=True)
            assert typ == "OK"
            typ, data = client.fetch("1:*", "(FLAGS)")
            if typ != "OK" or data == [None]:
                return []
            out = []
            for line in data:
                assert isinstance(line, bytes)
                inside = line.split(b"FLAGS (", 1)[1].split(b")", 1)[0].decode()
                out.append(set(inside.split()) - {"\\Recent"})  # session-dependent
            return out


def _config(root: Path, plain: int, tls: int, cert: Path, key: Path, login_user: str) -> str:
    running_as_root = os.geteuid() == 0
    users = (
        ""
        if running_as_root
        else f"default_internal_user = {login_user}\ndefault_login_user = {login_user}\n"
    )
    return f"""\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = recouvre-test-{plain}
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
{users}first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_plugins =
auth_mechanisms = plain login
disable_plaintext_auth = no
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd.d/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd.d/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""


def _wait_listening(port: int, process: subprocess.Popen[bytes], root: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (
                (root / "dovecot.log").read_text(errors="replace")
                if (root / "dovecot.log").exists()
                else ""
            )
            raise DovecotUnavailable(
                f"dovecot s'est arrêté au démarrage (code {process.returncode}) :\n{log}"
            )
        with socket.socket() as s:
            s.settimeout(0.2)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise DovecotUnavailable(f"dovecot n'écoute pas sur 127.0.0.1:{port} après 15 s")


@contextlib.contextmanager
def running_dovecot(cert: Path, key: Path) -> Iterator[Dovecot]:
    """Start dovecot on free loopback ports; stop it and remove its folder at the end."""
    if not DOVECOT.exists():
        raise DovecotUnavailable(
            f"les tests IMAP exigent dovecot ({DOVECOT} absent) : installez le paquet Debian "
            "« dovecot-imapd » (apt-get install -y dovecot-imapd), sans activer son service"
        )
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        mail_uid, mail_gid = nobody.pw_uid, nobody.pw_gid
    else:
        mail_uid, mail_gid = os.geteuid(), os.getegid()
    login_user = pwd.getpwuid(os.geteuid()).pw_name
    root = Path(tempfile.mkdtemp(prefix="recouvre-dovecot-"))
    root.chmod(0o755)  # the mail processes run as the mail user and must reach the homes
    (root / "home").mkdir(mode=0o755)
    # The key is read by the config process (root, or this user): copy both into the folder.
    shutil.copy(cert, root / "cert.pem")
    shutil.copy(key, root / "key.pem")
    (root / "passwd.d").mkdir()
    plain, tls = free_port(), free_port()
    (root / "dovecot.conf").write_text(
        _config(root, plain, tls, root / "cert.pem", root / "key.pem", login_user)
    )
    with (root / "output.log").open("wb") as output:
        process = subprocess.Popen(
            [str(DOVECOT), "-F", "-c", str(root / "dovecot.conf")],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_listening(plain, process, root)
        _wait_listening(tls, process, root)
        yield Dovecot(root, plain, tls, root / "cert.pem", mail_uid, mail_gid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
