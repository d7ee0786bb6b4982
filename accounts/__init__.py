"""Staff accounts: sessions that know their user, two-factor sign-in, account hardening."""
