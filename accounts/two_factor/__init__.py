"""Two-factor sign-in for staff, built from django-otp's pieces.

Password first (the admin's own login form, with django-axes' lockout), then a second step:
a 6-digit code from an authenticator app (django-otp TOTP) or a single-use recovery code
(django-otp static tokens). A staff member without an app is shown a QR code to set one up.
django-otp's throttling makes every wrong code double the wait before the next try.
"""
