"""Email: SMTP sending (smtplib) and delivery status notifications (bounces)."""
