from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return r"""
CREATE OR REPLACE FUNCTION "report_tally_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_counted boolean := false;
    new_counted boolean := false;
BEGIN
    -- A bulk import sets this for its own transaction and recounts the tally once at the end.
    IF current_setting('pakongklab.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_counted := OLD."merged_into_id" IS NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_counted := NEW."merged_into_id" IS NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND old_counted = new_counted
       AND (OLD."academic_year", OLD."semester", OLD."affiliation_id", OLD."area_office_id", OLD."status", OLD."latest_reason")
           IS NOT DISTINCT FROM
           (NEW."academic_year", NEW."semester", NEW."affiliation_id", NEW."area_office_id", NEW."status", NEW."latest_reason") THEN
        RETURN NULL;
    END IF;
    -- Rows are changed in key order, so two transactions that move children between the
    -- same two rows in opposite directions wait for each other instead of deadlocking.
    IF old_counted AND new_counted
       AND (OLD."academic_year", OLD."semester", OLD."affiliation_id", COALESCE(OLD."area_office_id", 0),
            OLD."status", COALESCE(OLD."latest_reason", ''))
         > (NEW."academic_year", NEW."semester", NEW."affiliation_id", COALESCE(NEW."area_office_id", 0),
            NEW."status", COALESCE(NEW."latest_reason", '')) THEN
        PERFORM "report_tally_add"(NEW."academic_year", NEW."semester", NEW."affiliation_id", NEW."area_office_id",
                                   NEW."status", NEW."latest_reason", 1);
        PERFORM "report_tally_add"(OLD."academic_year", OLD."semester", OLD."affiliation_id", OLD."area_office_id",
                                   OLD."status", OLD."latest_reason", -1);
        RETURN NULL;
    END IF;
    IF old_counted THEN
        PERFORM "report_tally_add"(OLD."academic_year", OLD."semester", OLD."affiliation_id", OLD."area_office_id",
                                   OLD."status", OLD."latest_reason", -1);
    END IF;
    IF new_counted THEN
        PERFORM "report_tally_add"(NEW."academic_year", NEW."semester", NEW."affiliation_id", NEW."area_office_id",
                                   NEW."status", NEW."latest_reason", 1);
    END IF;
    RETURN NULL;
END;
$$;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return r"""
CREATE OR REPLACE FUNCTION "report_tally_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_counted boolean := false;
    new_counted boolean := false;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_counted := OLD."merged_into_id" IS NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_counted := NEW."merged_into_id" IS NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND old_counted = new_counted
       AND (OLD."academic_year", OLD."semester", OLD."affiliation_id", OLD."area_office_id", OLD."status", OLD."latest_reason")
           IS NOT DISTINCT FROM
           (NEW."academic_year", NEW."semester", NEW."affiliation_id", NEW."area_office_id", NEW."status", NEW."latest_reason") THEN
        RETURN NULL;
    END IF;
    -- Rows are changed in key order, so two transactions that move children between the
    -- same two rows in opposite directions wait for each other instead of deadlocking.
    IF old_counted AND new_counted
       AND (OLD."academic_year", OLD."semester", OLD."affiliation_id", COALESCE(OLD."area_office_id", 0),
            OLD."status", COALESCE(OLD."latest_reason", ''))
         > (NEW."academic_year", NEW."semester", NEW."affiliation_id", COALESCE(NEW."area_office_id", 0),
            NEW."status", COALESCE(NEW."latest_reason", '')) THEN
        PERFORM "report_tally_add"(NEW."academic_year", NEW."semester", NEW."affiliation_id", NEW."area_office_id",
                                   NEW."status", NEW."latest_reason", 1);
        PERFORM "report_tally_add"(OLD."academic_year", OLD."semester", OLD."affiliation_id", OLD."area_office_id",
                                   OLD."status", OLD."latest_reason", -1);
        RETURN NULL;
    END IF;
    IF old_counted THEN
        PERFORM "report_tally_add"(OLD."academic_year", OLD."semester", OLD."affiliation_id", OLD."area_office_id",
                                   OLD."status", OLD."latest_reason", -1);
    END IF;
    IF new_counted THEN
        PERFORM "report_tally_add"(NEW."academic_year", NEW."semester", NEW."affiliation_id", NEW."area_office_id",
                                   NEW."status", NEW."latest_reason", 1);
    END IF;
    RETURN NULL;
END;
$$;"""


MODELS_STATE = (
    "eJztXW1z2ji7/iuafHnambQnkCbtMmfOjEOc1rsEMkC626fsOA5WgqdGZm2TbM5z9r8fSX"
    "63ZJDBEOPqC9iybhkuvd26X/9zNHdMaHvvLy3Pd62pf9QB/zlCxhziC+bZMTgyFovkCSnw"
    "jXubVjbTte7xtUFbezBsD+IiE3pT11r4loNIbQVE9cGbyfIEtk3yeXpKPj+c0JLg0/yvpO"
    "ikTT5bZ2+PwQ/4Ak1w/wIs3wMf3pnWo+WDy8GNAqb4p70nP8J0puQN6HFP71si668l1H3n"
    "Efoz6OK3fv8TF1vIhH9DL7pd/NAfLGibGaBJG6QJ+kT3Xxa0tDsz3Ctal/ybe33q2Ms5St"
    "dfvPgzB8UE+A+S0keIoGv40EzBj5a2HfZUVBT8Xlzgu0sY/1AzKTDhg7G0SScS6uA3JGVH"
    "ut4fjPWROtb1I6aDI4pUH4RFUweRwWEh36MYzI2/dRuiR3+Gbz/8E7wmASKoRN73VRl2vy"
    "jDNx/ektc5eHwFA68fPmiTJ//QBgzfCJqgsCc4k28dv6gE1CmSatCOChK4kymyd7xbJycC"
    "iONahZjTZwT1HMoQlUY5IJEoi6G8cJ0nC02hbpllkM6RNRDttgDW7UKk2wRnslA//OAuIR"
    "F+LOZXjgutR/QbfKHIa/gnGmHFHMrhvnqTaurAEP8nGlZRabJruMZzvMPlRxvGAP9z6FMU"
    "hupoPNS64yMK970x/fFsuKZegLu3vI92cI/F/iKkvvptCG2D/ptC2EdJSw1CPrM2GPhPTS"
    "24JVAKaeVFAKOw5w8KIs9fmhBtPZaCVhqEEZmLTttJzcHM7GQfzdvzfImB8AA0w3eTN+UX"
    "PM4hI70YFh8y0quvyCEjqh8w/SefKNPfotcfKbt/Tz8/JuWtD3luvy1yutjdi+SxohYsgT"
    "xWvDbDK48Vu0KZYXdFGLKKuLHLhrNikm+VfGuVEE2dJ0ha0avEqoEnUcnsV83sp2QgM8OD"
    "7WIwBwiOHfyxHtIb2lKJ4XdIyJY4GaXXds7hKLf0F5+PvFxFgSNSiiQ4vLTOEtVIy6DHlr"
    "NAKdJKlCLBSebkY/4Mcy5yWNrHK+WxaXsG81yAvTwvZC7P5bFJHpt+FpQXjucbtl526ciR"
    "7Q/to6O9YH0mgPRZIc5neZSjXaOkzitH1sAxXYneXOoWX1m3mGbdttQtNlCscpzTLeZmdY"
    "FukTespe52v7pbKdaREooKMPKtxZb4jK1FgybsTnW14WzjCCOSeVgshzCSOmtFEAMEAcJN"
    "AOcB4KM6CGjxP4Qc4cGqyhM0QXd3xsODZVt0INzdAQOZAJe50NAd/GAKcZkLF9DwA3K8vn"
    "m+43qkPQMBUhEEFYHjAm86cxwbeM4E+TNM4k2dBQS4fR8SEgSmM8s2XYjoe5YeKcVNAA//"
    "WhuCcLwA+NfSsC0f/0z8Mq9IPPH96AcmODoOBQp/5sQV348WuGkUbXe0Lq7y/Sj159hnCR"
    "iZZ4WyDx7DpyGfz+9x2TyLXX/Cxaa+Uo9H8hPetVsfPn74dHr+4ROuQn9mXPJxBd+n9cdr"
    "BB1Rv7J8tIqWc4bjyGAc0daZmT661voaZgi+dUB0NUHK1ZXW05SxNuh3QOoGPxmqij7AJV"
    "0VP0luJmjU/TIY9Dog+J6gG2U47qvDDggv8suB0HFfRIrVKhZjtc7zp6PXlQ/W6jx0KnIg"
    "Oi0+EZ22ueIqKRRMHTnPRIQouFbxsfOMEaQcilBwT2KqnWDszRzX1zcYzwxh4/A+F5FXnR"
    "cLrM4ZiZUNnzAPWhLoDFHjQG61P4nsfO1PxVsfeZbFGXPy1hNn97vAfDI0EB/nhCgH8j2m"
    "2hXKEQO5uwMZD9YLzLeQluee95dNC7RxDt7b6wsV405Rx5WsQKIScZHp49ZSd+EDxEw/T2"
    "RVPKwZQjm0RYY2gQ0z4a7v6Q5nZ7zEUBXjnSHM4Y3PBdC35vA9uThY2QwP6UtlrHJQhMjc"
    "BMMU2c+OoAufnB/Q1A2OLuAyBGPV5E9Tr8KSXDQKz7F2rY7GyvVNZhEmKJMn1GZp/pIrZW"
    "wY4kbA79r4CyC34N+DvkrRdDz/0aVvTOqN/00UDUfG0nd05DzrhpnGJCqOirKHSRcS3Dfo"
    "6SxlBb1cu3MQ/oPmANkvR7Ew+BC6PZwsK3t9uTA37PUspez1uvQ6Z7Kz5s2MNFZQ0MoSrh"
    "e61n8Zr0bsmoKXEYSLwssQSnhZeF/R+KZuyO7U9iat5REcwBkaOXbZsfuKBk11Q7Z6x0iu"
    "s1NJpFnK5oFdgTn1qsAUdA1gMS9t2tQ0O5vjvF1TerEUsBpLMV8S3bXosqyqCMQJAyYhXg"
    "8xw67W1vbxQBEWM33kMccVwFvCdPdA4S1vuZvza9sS4XKe1AcKMstRbWPBm1rV53B+D11p"
    "zLvCjZ0s0IHtoIRphSt7aDwpIVrt7Q9NPdqQpLe/AGjUDnc7oG5xE02FJ72W79vt4DABo8"
    "u5dNConRPLQY4m/AR5D3iF0p0lh5kt5c4SNtV8qKwtmYSmIzWD9kJ/tJ62Zaa+4HaGcOq4"
    "ZlORcum/wyzVk+VZ2y5VX0kbTUUqOMBInOrilniIHIGxNC1fx7u5u737L2lKxS019axnzR"
    "eOu+1M02gjF4Y/nTUIpt07uq4KTcyemtc5vuobxymmbqasI6oBFobr477EN48Gsjw6DAAV"
    "D3gr4xFv3CDXQzXx643/Yd5PVbqW7tO1NBxv5cyd0jQbWYvUbZ9ukLlI7aDdY/ybZHXZlw"
    "a4bmgLq4DTUzij1+kqo65yqdZB+Xuo4G4b+GaX3EouYCovkQITUnVFOgVad3NuxVngEWAC"
    "3+FyEx54Q18A2m9XsijlWtkisGedlvUahfnccXaEoHs3cHXIEEpPh7p4Ooj4t4Rdd1+SM8"
    "2TSVPmgDddwTPFkFWwtwtqPWsGsOi2nh9cmX0d/wjQv+31yu3rIhxWFAx9D/zVq+4pO+Su"
    "tuKYes6jhRTfh/OFz+OXMs9Xcks2qYm3o6SqAK/0YFg2Zm48PBHfWYiELl/4hNXxZ67j+z"
    "YEj0vokXhhYIEZH2M6dZbIp+HEyP3UtiC5NU28NnMFPZW3v56/+k4tLGh8kh8wCPLmB+HG"
    "gub0sLnoSSmJ0IX1+LMIhX5pt09PP7ZPTs8/nX34+PHs00m8N7CPVm0SF9pnsk9kNvv1oq"
    "N8J4qyw3m6Boo5qo9Pw84MUbhZSgm4AODljxvynHEY5wyGGX4lSYzhec+Oaw6hB/0uCfHH"
    "E8YwlVZyGIuwuu6S+nFaABE+w0HwHRmfNAMKVfiYcwsBy/OWhD1wgEHjk4IpfoTbxrcIPo"
    "PohTzOooIWt5DVSG3RDrRFpCf1meGVipKWIWqc8GsHW72M6PKT7ETpXod/Lyzc2ga9nqVs"
    "YK8fSC9HmKwO3ONtFrXHk+G4DqJ/A+6mtOA6TyYF16xRBWEWy6GaopBmKutVActQfL8fLU"
    "DdwBWVP6cG1XrDiXheS+3KGljzK2AF2pXqzuojIgKn/5tNrRo+Ol51LqdjxkvVFMmrigcH"
    "NN9Z5HBMCd8DwvnStCOjL8q79tk5STpCMpj6zg9IDtaApCKB3MP4lq2JCvXDzksFEJWpQv"
    "Z6QqedV/qInqWSZ/S1Z/TDyshydKEqwzD7SYmsLAFVBwTfE9QdDH7T1A4IvvOLjEhHiETd"
    "Lo65zUTclpKSYtylpERKSuray0InadvwfH1DcUmeVspM6tzTmwerl4HqD6eXD9OC4WATGk"
    "lpmZSW1UCss1Za9joCHYo6R5oT9cYKB93FQo+6XsjXBbqeg8DzzKEyGA9Y6D24u0sbwd3d"
    "EWkLkcTYzjN0300NzLmAqMYxCPqc6wJTaeMiQp6M4xge2/7SC0w3w2vS/44Npdhnv2KfqD"
    "/LbKtpGmkSKLil1sfgtdHytdiQrawkkyFs4MjeSbZR3/LtUstHTNA4Zrz6pMQPlusFGVnL"
    "IJylauBAbp2cCCCNaxWnYSTP/mHlRmWhzhBJpMWQXjiexc9qsGJ9TtE0buHYSVrRBcao1F"
    "iOCRqHb/ULM5wbll0G3JigceDuhKugZ0EuvOv1pBFtnZfjo1H3y2DQ00dj5eqqA9J3E6QM"
    "VUUfXF1pXaJFTd/hZ/iipyljbdDXlctrrY8r5IsmCH9oo/HwW1Qlez9BN8pw3CeNhxd5EY"
    "FQv4sw7+1i5r3NMO+JKGCTbk+o9zjFbtT+pdb/XHKmRWQY/+AC92t3rH1VcWfS7wkaqr+q"
    "3bF62QHR1QSNbkekPimMLzfpuZZIQqhWcUao1nm+50w4tcyNNDFZSqmJqbMmhvQVMQHTXW"
    "h4PPZtDP8ukMdxSBuwEa7qXPWPcaZfo+nz5lr5422mb3uD/ueoemq6dXuDiyLpxnRmoMeN"
    "5ltBE3Li1XniBbEW9CAOBA2kUEIUzifen6buZFdcaMVuArYzJSYBGB8eZ7/GbiRHK6dTna"
    "cTFdpEQVVKd3WeWPZ1nftamnoWL6DNNfVcLswNez1LKXu9Lr3Omexs0H8Zk3oHfFF0Qi/r"
    "msrQSd/UtbZhMhC1qH1YcSDqgjy58WisAN1me1QyE7e0SyUTJbSiNJJsiOlm9ADP9TeJxL"
    "QtaLxQUA3E7VUBO5RlNKtvCTx6t02bmLgnNxGkSHK9n8SuhzjxkmyJ4c6xHVIlUiYeNlou"
    "xL/a8yVe6zNMBskTt5yCzc8xKVMmrk+ZqFe0oMvciTJ3osyd+Eq5E6NU3by4OkkW72JnLC"
    "9VScAXazqzbBM4CBjAdJ2Fs/SBbXk+eHBcEq0W+NCdA8On10H2Wp7T1QatTNAE3d0ZDw+W"
    "bdFBdHdHQ+jjMpIbPkiriMtcuICYknhrBZT/8gARYZBIPB4JmUuzMcIn6L7gCvhQPkG4Sf"
    "xC4uNF3hcOHoBZEsO2/Bf8YzyfuIQFVlV3d8f4Go9jXBok5o1/CL0L9Mp3d7hZx7adZ/pL"
    "gt2IVsO/FoSSdfyq4HfibgOUGcLgkxSQhgegMZ0FZOTVJCMk/csT9Og6z+SHhn8hsF2gLT"
    "8u8WDClCZ91SMegBhR28EfwftW5JREFFHDDqUcxtQw4dya6i/QoMyUB+eEPQuuKapMzsnv"
    "UbLioAn8SX3aUp2Tf5J0Ze5JLj1FVJxYtcVNFP5O+jj9r6Qz3V6d6XIDStQ0OEdWZ7PVTe"
    "3bT0UMDk+LDQ5P8waHlqlvE0opRb5HM7Q+tdFVerp2eVQO9zRpB6RuJuiz3h1cqh0QfE/Q"
    "WL2+GQyV4bcOiC/zm5GYT4KQS8IKjwTpKSY9xV595ZGeYoeMdDI+8Xl0s4EdEjZuCdntyC"
    "4Jd55Ooi2CNsbD5MWCEeNhEuo9on3bH92oXe1KU0uzMNdKD7Mp5HOCrtTgLvieoFSzHZB/"
    "x6szLveW6890cppk+4pYk/HnRJZqlSXZwQp9eAgTQ7D8OHcNs9ReGRM0bh2pOJApIwsQtX"
    "rL00nLN47lW1oAlAV2NDdsuxDdNF2TgD1tfzyPMSU3q+Ac4ZW9x2I6c5Ye1PHmdl+08/Ex"
    "zdM1bmWo/kj4ZOE//ohBc8oAnaVqHMxVL8BBbEndtsrFWsjTNQ7nnUQFoMJ+y0ClD98MYf"
    "PwFjqgtFccUNqcA0oEW+lYIixl4xCvfsE+wPgHFNaxMhyXPw+mSDsgdTNBWl+/GQ4+D9XR"
    "qANSNxNEql0NbvshBb3Ep0nypf+u9McjfTzQh+r4dtjHh0tecVxb6/Xoz8vVzhaTOAzkO4"
    "jDEFxNUFfpB2/v9Qa/d0DmdpMTa/WRNNKaWq426vZWuywS5TCkufG0XFrme9JAo86twXQN"
    "vJfSfkn0j3LRLYqCIDZdmUY2mrX7wfdoPFT6o5vBcNwB8eUEfVGV3vhLBwTfE3SpjZQLra"
    "eNv3VAcj1BCp5O2ug3/fNwcHvTAZnbgGo0JsFoois8R5VrrfdN76tdPO1pe/mSCQpj5mCi"
    "rnaDTxpqHEYnKYpb6g76lxrRmsUtxSUThKetrvW7g2vcRHKN3zDoakpPVy5/vR2Nr9U+/v"
    "dMEclucn3TU/HCpZOr295oQHRvvFJS96t22fqFPKYXEzT4qg515TN+c3Q1QWp/iNcSTDoY"
    "fyFlSXyfDih+hn/v+Pbym9b/rCsXw4FCosRkC1Itj5RrtaDh/CPcQxh0ZUTWwOhqgq7xz8"
    "UF9Kta+V31+yqVTtMFbfOkEFly6fNdHzdQWsSawZaOk5GjkgEy8qIb3E2ehf+nbi4XtjXl"
    "isMvHMeGBiqIPcNtIAf0PbGz2hHSccl+J9AF3pQyc+dCywf7ub2+UIdvWnTS4EpW4GvH9k"
    "FoE1dmWCcU+xvSrQMZ0jI6RDHUhxknQEaH+Bl7ncMWsG4NjOmtqLKMIWySUqeytZQ1ehbF"
    "lyGUkSI4YTgs8sIpX5xTLIjNkdVYyLChGFZEdlYsOmMkZ4FDj35PnHHKDWMOpRzH7DieQ5"
    "eEncTNO+XwZQklvJxDWtaNRHSZyJE1b5kQESoVy5RYVU3a7UdwAGdoJAvBM7hZ3m+4zbGU"
    "zRvCIlG7i4N205jdK0JPhR5uDOYy9NRxLj5SZh4LhJ5K8bf7hLdmY1k4sBdzGhCBODmiyR"
    "EsgDFzohXAOLXEVoDxKNtaM8cyuyuJRKqrDuTLxiNcHt5FKnrclvA2LxBdHt7csUAA3tQp"
    "rYpVIonT0EyA2UOtAMZpSUMFIDcy/EgeaI50ZouwlmG3PbjOnKMDLRM8r2kDnB/rbDuQSk"
    "Q4OxSOTIY42xCrxczxna3DyDrB7tREgGQMOBGAdAThtpONotSHsLFzzbcWMkjeniKaxXsc"
    "J6RZev9bG9NM99O1BYKbhWFIge+AufMEgREEKvuXB6aGB0mxgRwSNSsMLXYMnmfWdBaEFA"
    "uKgDGdwoXvAccFJpwSpyaPFwFtl6/ihPhignVhJjsjvAtdJsJAWwF82ScygFb18v7iAFoH"
    "6ABTYQLQrnpDfWGiK2p4TazYA8NrekWdT7oqMdSmjifBZX6qiWgTqg+TUD4rpEwGuUUyyD"
    "ilJl4yOdIsgVycEaEEvzT40nC0eJk5TBNCEcNRmeb4Z3AfkQmvdmjiQUSm+ibWMyyhNKHh"
    "4BsnlSg9fDmUcgBzbJQy50RR068MkRy4HFzzZ3NBZPNkEtv1WQZT0e/3pp+tG8TCJhyZmS"
    "ugnE3tUxUA3HhTJHZbF8A4nvQS4fUI51dIAXzTrEAFEDcr91keXw7fVGBZIPORbmbjtXU+"
    "0l0qblIqd47qJquQL1bepEwAxPQ2pGHwaD1BRNUmYXKZ+xd8uTBcH48D4LiPBrI8qqIDbx"
    "Ykdypov2X1Mts1JaJ3yW6i9FU6/htSu7JX7co2CTP2ny2jPNBHJPxPTxmOvmg3QSyg8GaC"
    "etpXEganOxiNRx2QvpsgfmyjnqoM+6TW6PYmeJgvmaCrnvqHdtFT9ehRBzBFE/R10I3yde"
    "D2taAepzCKp6R3laEaBVWiNyRu0G1/pPYoaXKNy/E/6elD9bOGt/EwkA9bNkE0WFAH0K9N"
    "lEXVRyiLFwFmQBZH1E7TbBlPu6bMHA9eTkBtY06i1Oj3xowniMbb5dywC3yts5R5FAPS92"
    "ETB8tScGFUu9q10nvTah+3c2FWYjdhJgBmWdWa1KhJjZrUqJXQqIUMZjmZX5ZISvy4agBy"
    "lNhIC5AnlPhKLcBOcZWS6teRVIfLqJShCvjBZXYcIQlqvIzuT753qOiye04Bwq8j4QvcRT"
    "jCvdiPpFiut4irCFhi08rAN35AFKSJpq4Kx4BkcYYmeLbw2Fj6YA59gwh5jmkJrubPlvN7"
    "ZFjcrNPVNCoi5cuEDHfwNfljedvqcjK/4jDlW0cm30D2d/TfD0sUJKumbyIfH/7nFQ5ga2"
    "OVFwsB445hsF6d0yhN15jQuFUkNCLziOTL+QE5K/2KgDVZsjrLVcVR3X0GmHhVKos3Q9gA"
    "Ec0e8MZv9KlTEYGpBNx5ugaO7x3kf7H+F2IeyIccF5jiQ2WGSB4qOYf1Z8v0OYESCiGN6z"
    "dmo6sMyhk+uPCUDoVYJgQSTIZ1mBnts/NSXENM0cAF9VxEyXherGQ8Z5SMUqdQDH1zdQpS"
    "Nrub5WqTbGIVpRGrG7Sbn81XCLufoqgbW0oLmxa94zgnLkyPKZG4hVKHUK0O4XWksMGo5k"
    "hh4+FeLIWNZ9Z6KewAQfDg2Lbz/G65AM5DZA/5HoxnEFgmsDxcRCYz8HHB1LYwXriKQxrz"
    "iPmkC333hVSzTDhfOOQYzMpld/ea8vaYqdRmgbQ2bS2ef5i+l6LcVxXlHl60jA1sOmWW2N"
    "3ZYG6XwFRmLpWZS2Xm0t1KhKX96d7sTzfPD1t5atianh7qLhuKMFkpHCIRCwn3yzkO2o5R"
    "MK3SRLn+fSBUtdnuKjGUH9xe9FRwM8Qr4Qivotk+pA9JUWI+P8SbaD7jsoMeN4A5TSVxFs"
    "DZmE6XeBq96Jww1CuAzpJJpEWQfvChq09tfABnoV6Z9ThHKdMdl0h3HJkRzAyPo8Bdb34Q"
    "0dX5iCu1ZQcAfXO1ZdJTZH+eOAa1k98c5gy9RJtnUiHzMkpvp1rjKr2dXsfbSQaMEoa2dL"
    "Qo6etUva/Tah5CjuNyUGc4p9J2DTL90CrcsxoLmVeHi9HOTWMoYEXmMRGaa0xkaFYkWk/I"
    "ToYEhSK2KyR4WeRYCB6cJS6lRis0jhgdEHwDmJL0HMuW74lpD/3pf64xdUkqCdutXFiPP0"
    "vksV/a7dPTj+2T0/NPZx8+fjz7dBIzuOyjVZzuhfaZMLvHaZHG+vhk0eDbxBghoq2zoE/G"
    "Jzug+GTyyCuNyKUR+cGCurkReVcZdZVLVdqQN9CGnKSj5LDIYZbKYubYDysIZVMkeaYBCW"
    "sODPTiIFzLdZa4l0lwXcLWGi40MNf7YE1hkNhw6jxB1wOW7wFveR9ltOfnT6yycRFLcdKe"
    "HrTHyZkYmKUTZRNenyhkKU0grZHCJ1DGypi/e435S8YrPmY9YuhMWFqNzqeuhsd+Xdh3rE"
    "rHS4nr/G3NMR5E9MRivjrYCoe8Qal4qoi6Is34pBlfc3BO/yoG6VWJPDNkdZZ91Nbsm2FQ"
    "SmyPPNpGdMLOLc0c5BM+ugTWKZIGODfkpFcnJyLiq5OTYvnVCRO6/PC8A/HK2FW1r6HvTQ"
    "m5akRHvO+Cqwm6VsbdL9TPJ7gg/ngjVR/cqP0gdXZ8Q/24rrVR4CYUXW4ihWydC3RjK2/r"
    "l0qpfZ7vxDhVc/nc2hzSBkycfW8P7AlXeMFiKBsAvzRBlibIxzKtdi244Rp1coTJyl5mRY"
    "mCsj6WsEHCkMoUazJr+Q7BnRv+dIZB2kgrzCeWMHPszBMNBRfiFYERGcomHsRF2K1ibuvt"
    "GuvzBMIq9JzZ1g4Md2FdJzPsBKx5U/tZBUALm/HWbO0QhZjd/QUgzi25VYxnYb39geLM36"
    "VkJuMqMa53JmNlaVq+inz35YhjJJF6erzKVsIg9XQYV1xrM/H7zAGmZYLnmeEf40+Ijok1"
    "w/PMms5AYMPvHQc2D0FZKFJ5D/rwCbrAAB7Ep3+OwUSlLQtZS0x9x836GkSGEMY0UtPEJW"
    "Uj6ElLZPJsH5bI5QURUuxUL4mEiNgpmZKip4yEoomni8qlub7h4sUyAKkEyjmyxonNqw8T"
    "FyJm8Tyvfh0N+itxDqnyaxc+0oD/AzY+3ewM7iQG6/3Ssn0Lee/J+14jDCtBabXyKK8nyq"
    "1HpIG88shbTqdcrdHKeEEpqj3GCoo2+cMNFSQ1dftc203oG5Zdar1JkdRjsSGvbcxiE5w9"
    "yilWUiRSHM0uKZzjXClktw/X00CAV0igKWpSiLROIJqatQLiufRQlOJmQXSLw0W8tpBOmx"
    "MXoAsirD3iSOnSj49XieksWlG/j2sKefwHVEG+igfLhh0qWwOWD54Nj4jYHOCRRBUkwbCB"
    "AskbmOKfSEigQcRuzjM/GEB1Ta+X1EkfpH36IJEwD3x+fL0dakRbZ3nLURC8fxRF8R8F8e"
    "zVPvHlj67yY17InlREUNAqFhS0GEEBmVg6veH2B3+cZ4jq3BGbml/vInEuBa18gsccWQPR"
    "rv4oeniW7husMZfDb/rwtt8B4UUqe0cqZQfJGqL1SFHwXY9VB2/MGPAlTw9fHPY0TSNTxz"
    "LSrtDcuSysDJ2ENg/tcmFuBC1DJ6FlbFSXC9uaEq/msuByKCW8eXih6+Kza1loc1QSVi6s"
    "pSTdCUU9BN3N0qr5hruZj1CWUhprHJKxxoOFLG+2UbfnSKWXUK29hDbRtkg9yzqW1naMTZ"
    "yDWEIJ71o1Vgo0qcxao25hB5iISksqswSVWVupsZjwh1vG9W6cC8VOg3or0LX4Or7wyfFK"
    "K/ykzjrFXjEMUpFWL0UaieRY0mI5RVJn8XadNDdkUpVAOKzeQHRbQmGJWivCErXYsERhZs"
    "Yy0pQUyf7FKa9zbKtMcMKwqfu0Wvnn/wH+9r6i"
)
