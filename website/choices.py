"""Choices shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class City(models.TextChoices):
    """Guangdong's 21 prefecture-level cities, in the order the province lists them."""

    GUANGZHOU = "guangzhou", _("Guangzhou")
    SHENZHEN = "shenzhen", _("Shenzhen")
    ZHUHAI = "zhuhai", _("Zhuhai")
    SHANTOU = "shantou", _("Shantou")
    FOSHAN = "foshan", _("Foshan")
    SHAOGUAN = "shaoguan", _("Shaoguan")
    HEYUAN = "heyuan", _("Heyuan")
    MEIZHOU = "meizhou", _("Meizhou")
    HUIZHOU = "huizhou", _("Huizhou")
    SHANWEI = "shanwei", _("Shanwei")
    DONGGUAN = "dongguan", _("Dongguan")
    ZHONGSHAN = "zhongshan", _("Zhongshan")
    JIANGMEN = "jiangmen", _("Jiangmen")
    YANGJIANG = "yangjiang", _("Yangjiang")
    ZHANJIANG = "zhanjiang", _("Zhanjiang")
    MAOMING = "maoming", _("Maoming")
    ZHAOQING = "zhaoqing", _("Zhaoqing")
    QINGYUAN = "qingyuan", _("Qingyuan")
    CHAOZHOU = "chaozhou", _("Chaozhou")
    JIEYANG = "jieyang", _("Jieyang")
    YUNFU = "yunfu", _("Yunfu")
