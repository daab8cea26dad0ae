#!/bin/sh
# The comparison entrypoint for bench/run: what a shell entrypoint under tini does to start a
# distcc worker (upstream's images worked this way). Not used by the project's images.
set -eu
if [ "${1:-}" = healthcheck ]; then
    if [ "$WORKER_VARIANT" = tcp ]; then
        # A real compile probe, as upstream's check did.
        lsdistcc -pgcc "-r$HEALTH_PORT" 127.0.0.1 | grep -q 127.0.0.1
    else
        pgrep -x sshd >/dev/null
    fi
    exit
fi
if [ "$WORKER_VARIANT" = tcp ]; then
    exec distccd --daemon --no-detach --log-stderr --log-level notice --user distcc \
        --allow-private "$@"
fi
user=$SSH_USERNAME
id "$user" >/dev/null 2>&1 || useradd -m -g distcc -s /bin/sh -p '*' "$user"
mkdir -p "/home/$user/.ssh"
printf '%s\n' "$AUTHORIZED_KEYS" >"/home/$user/.ssh/authorized_keys"
chown -R "$user:distcc" "/home/$user/.ssh"
chmod 700 "/home/$user/.ssh"
chmod 600 "/home/$user/.ssh/authorized_keys"
ssh-keygen -A >/dev/null
exec /usr/sbin/sshd -D -e -o PasswordAuthentication=no -o PermitRootLogin=no "$@"
