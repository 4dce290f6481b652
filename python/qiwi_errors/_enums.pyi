"""Type stubs of the vocabularies (generated from the native module; a test checks them)."""

import enum

class Family(str, enum.Enum):
    """A code family: the API and table a code belongs to."""

    WALLET_HTTP = 'wallet-http'
    WALLET_ERROR = 'wallet-error'
    WALLET_TXN_STATUS = 'wallet-txn-status'
    WALLET_IDENT_LEVEL = 'wallet-ident-level'
    PAYMENT_HTTP = 'payment-http'
    PAYMENT_REASON = 'payment-reason'
    PS_ERROR = 'ps-error'
    PAYMENT_STATUS = 'payment-status'
    PAYMENT_OPERATION_TYPE = 'payment-operation-type'
    PAYIN_ERROR = 'payin-error'
    XML_PAYMENT_STATUS = 'xml-payment-status'
    XML_PAYMENT_RESULT = 'xml-payment-result'
    XML_REQUEST_RESULT = 'xml-request-result'
    IDENT_HTTP = 'ident-http'
    IDENT_ERROR = 'ident-error'
    IDENT_REASON = 'ident-reason'
    IDENT_STATUS = 'ident-status'
    IDENT_LEVEL = 'ident-level'
    BILL_ERROR = 'bill-error'
    BILL_STATUS = 'bill-status'
    BILL_REFUND_STATUS = 'bill-refund-status'
    BILL_RESULT = 'bill-result'
    TOPUP_RESULT = 'topup-result'
    PULL_ERROR = 'pull-error'
    PULL_STATUS = 'pull-status'
    PULL_REFUND_STATUS = 'pull-refund-status'
    PULL_NOTIFY = 'pull-notify'
    QIWIPAY_ERROR = 'qiwipay-error'
    QIWIPAY_STATUS = 'qiwipay-status'
    WALLET_RESTRICTION = 'wallet-restriction'

class Api(str, enum.Enum):
    """A QIWI API: it decides how HTTP statuses and 2xx bodies of its answers are read."""

    WALLET = 'wallet'
    PAYMENT_PROTOCOL = 'payment-protocol'
    XML = 'xml'
    IDENTIFICATION = 'identification'
    INVOICE = 'invoice'
    PULL = 'pull'
    QIWI_PAY = 'qiwi-pay'

class Severity(str, enum.Enum):
    """How bad a code is."""

    INFO = 'info'
    WARNING = 'warning'
    ERROR = 'error'
    CRITICAL = 'critical'

class Actor(str, enum.Enum):
    """Who must act on a code."""

    CUSTOMER = 'customer'
    MERCHANT = 'merchant'
    QIWI_SUPPORT = 'qiwi-support'
    ISSUING_BANK = 'issuing-bank'
    RECIPIENT = 'recipient'

class Action(str, enum.Enum):
    """What retry logic should do after a failed attempt."""

    NEVER = 'never'
    NOW = 'now'
    AFTER = 'after'
    CHECK_STATUS = 'check-status'
    AFTER_USER_ACTION = 'after-user-action'

class Outcome(str, enum.Enum):
    """What an answer means for the operation."""

    SUCCEEDED = 'succeeded'
    FAILED = 'failed'
    UNKNOWN = 'unknown'
