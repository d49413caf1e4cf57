"""reportgen: årsredovisning, tertialrapport och verksamhetsplan för samordningsförbund."""

__version__ = "0.1.0"
